"""Demo data for the embedded quickstart: a small shop database (SQLite, generated deterministically
under DATA_ROOT/demo/), a connection to it, demo pipelines and templates (YAML beside this file)."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
REGIONS = ["north", "south", "east", "west"]
COUNTRIES = ["FR", "DE", "ES", "IT", "NL", "BE"]
PRODUCTS = [
    ("sku-001", "Espresso beans", 12.5),
    ("sku-002", "Filter papers", 3.2),
    ("sku-003", "Grinder", 89.0),
    ("sku-004", "Kettle", 45.0),
    ("sku-005", "Mug", 9.9),
    ("sku-006", "Scale", 32.0),
]
FIRST = ["Ana", "Bruno", "Chloé", "Dario", "Eva", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Kai", "Léa"]
LAST = ["Martin", "Müller", "García", "Rossi", "de Vries", "Dubois", "Janssens", "Silva", "Nowak", "Berg"]


def write_shop_database(path: Path, *, customers: int = 300, orders: int = 2000, seed: int = 7) -> None:
    """customers (some without email, some with a bad one), products, orders (some with refunds)."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript("""
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, country TEXT,
                                region TEXT, signed_up TEXT);
        CREATE TABLE products (sku TEXT PRIMARY KEY, name TEXT NOT NULL, unit_price REAL NOT NULL);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, sku TEXT NOT NULL,
                             quantity INTEGER NOT NULL, amount REAL NOT NULL, ordered_on TEXT NOT NULL);
    """)
    start = date(2026, 1, 1)
    for i in range(1, customers + 1):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        roll = rng.random()
        email = None if roll < 0.04 else (f"user{i}@example" if roll < 0.07 else f"user{i}@example.com")
        db.execute(
            "INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?)",
            (
                i,
                name,
                email,
                rng.choice(COUNTRIES),
                rng.choice(REGIONS),
                (start + timedelta(days=rng.randrange(300))).isoformat(),
            ),
        )
    db.executemany("INSERT INTO products VALUES (?, ?, ?)", PRODUCTS)
    for i in range(1, orders + 1):
        sku, _, price = rng.choice(PRODUCTS)
        quantity = rng.randint(1, 5)
        amount = round(price * quantity * (-1 if rng.random() < 0.03 else 1), 2)  # a few refunds
        db.execute(
            "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)",
            (
                i,
                rng.randint(1, customers),
                sku,
                quantity,
                amount,
                (start + timedelta(days=rng.randrange(320))).isoformat(),
            ),
        )
    db.commit()
    db.close()
    tmp.replace(path)
