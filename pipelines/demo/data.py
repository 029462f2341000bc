"""The demo data files, generated deterministically (same seed, same content on every machine).

* ``shop.sqlite``: a small shop database (customers, products, 2,000 orders with a few refunds) that
  the "demo-shop" connection points at, read by "Revenue by region" and the "Copy a table" template;
* ``sales.csv``: 480 sales lines over 2026-Q1 in five regions; a few are returns (negative
  ``amount``) or zero lines, which the "Daily sales rollup" filters out.
* ``customers.csv``: 300 customers; about twenty are bad on purpose for the "Customer quality
  gate": missing or malformed e-mails, duplicated ids, countries outside the accepted list.
* ``orders.csv``: 600 orders of those customers (a few of unknown customers, which a left join
  keeps with empty customer columns).

``demo_data_write`` writes the files that are missing and never overwrites one that exists.
"""

from __future__ import annotations

import csv
import io
import random
import sqlite3
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

SEED = 20260101
START = date(2026, 1, 1)
REGIONS = ("North", "South", "East", "West", "Central")
PRODUCTS = {
    "Espresso beans 1kg": 24.90,
    "Filter coffee 500g": 11.50,
    "Green tea 100 bags": 7.80,
    "Ceramic mug": 9.00,
    "Pour-over kettle": 54.00,
    "Burr grinder": 129.00,
    "Milk frother": 39.90,
    "Gift box": 45.00,
}
FIRST_NAMES = (  # noqa: SIM905
    "Alice Bruno Chloé Daniel Emma Farid Giulia Hugo Inès Jonas Karin Léa Marco Nadia Oscar Paula Quentin Rosa "
    "Samir Tess Ugo Vera Wout Xenia Yann Zoé Anna Björn Carmen Dmitri Elif Finn Greta Hamza Ida Jules Kofi Lena "
    "Mateo Noor"
).split()
LAST_NAMES = [
    *(  # noqa: SIM905
        "Martin Bernard Dubois Rossi Müller Schmidt García López Jansen Peeters Silva Costa Smith Brown Novak "
        "Kowalski Moreau Fischer Romano Weber Bianchi Fernández Dupont Meyer Laurent Russo Wagner Ortega Lambert"
    ).split(),
    "de Vries",
    "O'Neill",
]
COUNTRIES = ("FR", "DE", "ES", "IT", "NL", "BE", "PT", "GB", "IE", "AT")
DOMAINS = ("example.com", "mail.example.org", "example.net", "post.example.eu")
ORDER_STATUSES = ("paid", "paid", "paid", "paid", "shipped", "shipped", "refunded", "pending")


def _csv(header: list[str], rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _ascii(text: str) -> str:
    """``"Zoé de Vries"`` -> ``"zoedevries"``: the name as the local part of an e-mail address."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


def sales_csv() -> str:
    rnd = random.Random(SEED)
    rows = []
    for i in range(1, 481):
        product = rnd.choice(list(PRODUCTS))
        sold_on = START + timedelta(days=rnd.randrange(90))
        amount = rnd.choices((1, 2, 3, 4, 6, 10), weights=(40, 25, 15, 10, 6, 4))[0]
        if i % 37 == 0:
            amount = -rnd.choice((1, 2))  # a return
        elif i % 53 == 0:
            amount = 0  # a cancelled line
        price = round(PRODUCTS[product] * rnd.choice((1.0, 1.0, 1.0, 0.9, 0.85)), 2)
        rows.append([f"S{i:05d}", sold_on.isoformat(), rnd.choice(REGIONS), product, amount, f"{price:.2f}"])
    rows.sort(key=lambda r: (r[1], r[0]))
    return _csv(["sale_id", "sold_on", "region", "product", "amount", "unit_price"], rows)


def _customers() -> list[list[object]]:
    rnd = random.Random(SEED + 1)
    rows: list[list[object]] = []
    for i in range(1, 301):
        first, last = rnd.choice(FIRST_NAMES), rnd.choice(LAST_NAMES)
        email = f"{_ascii(first)}.{_ascii(last)}{i}@{rnd.choice(DOMAINS)}"
        country = rnd.choice(COUNTRIES)
        signed_up = START - timedelta(days=rnd.randrange(3 * 365))
        rows.append([i, first, last, email, country, signed_up.isoformat()])
    # The bad rows the quality gate should catch.
    for i in (17, 58, 121, 203, 288):
        rows[i - 1][3] = ""  # no e-mail
    for i in (34, 99, 160, 241):
        rows[i - 1][3] = rows[i - 1][3].replace("@", " at ")  # malformed e-mail
    for i in (45, 150, 266):
        rows[i - 1][4] = rnd.choice(("XX", "France", "de"))  # not an ISO code we accept
    for i in (12, 77, 190):
        duplicate = list(rows[i - 1])
        duplicate[3] = duplicate[3].replace("@", "+old@")
        rows.append(duplicate)  # the same id twice
    return rows


def customers_csv() -> str:
    return _csv(["id", "first_name", "last_name", "email", "country", "signed_up_on"], _customers())


def orders_csv() -> str:
    rnd = random.Random(SEED + 2)
    rows = []
    for i in range(1, 601):
        customer = rnd.randint(1, 300) if i % 97 else 900 + i // 97  # a few orders of unknown customers
        at = datetime(2026, 1, 1, 8) + timedelta(minutes=rnd.randrange(90 * 24 * 60))
        items = rnd.randint(1, 5)
        total = round(sum(rnd.choice(list(PRODUCTS.values())) for _ in range(items)), 2)
        rows.append([100000 + i, customer, at.isoformat(timespec="seconds"), rnd.choice(ORDER_STATUSES), items, total])
    rows.sort(key=lambda r: r[2])
    return _csv(["order_id", "customer_id", "ordered_at", "status", "items", "total"], rows)


SHOP_REGIONS = ["north", "south", "east", "west"]
SHOP_COUNTRIES = ["FR", "DE", "ES", "IT", "NL", "BE"]
SHOP_PRODUCTS = [
    ("sku-001", "Espresso beans", 12.5),
    ("sku-002", "Filter papers", 3.2),
    ("sku-003", "Grinder", 89.0),
    ("sku-004", "Kettle", 45.0),
    ("sku-005", "Mug", 9.9),
    ("sku-006", "Scale", 32.0),
]
SHOP_FIRST = ["Ana", "Bruno", "Chloé", "Dario", "Eva", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Kai", "Léa"]
SHOP_LAST = ["Martin", "Müller", "García", "Rossi", "de Vries", "Dubois", "Janssens", "Silva", "Nowak", "Berg"]


def write_shop_database(path: Path, *, customers: int = 300, orders: int = 2000, seed: int = 7) -> None:
    """customers (some without email, some with a bad one), products, orders (some with refunds)."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.executescript("""
            CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, country TEXT,
                                    region TEXT, signed_up TEXT);
            CREATE TABLE products (sku TEXT PRIMARY KEY, name TEXT NOT NULL, unit_price REAL NOT NULL);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, sku TEXT NOT NULL,
                                 quantity INTEGER NOT NULL, amount REAL NOT NULL, ordered_on TEXT NOT NULL);
        """)
        start = date(2026, 1, 1)
        for i in range(1, customers + 1):
            name = f"{rng.choice(SHOP_FIRST)} {rng.choice(SHOP_LAST)}"
            roll = rng.random()
            email = None if roll < 0.04 else (f"user{i}@example" if roll < 0.07 else f"user{i}@example.com")
            signed_up = (start + timedelta(days=rng.randrange(300))).isoformat()
            db.execute(
                "INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?)",
                (i, name, email, rng.choice(SHOP_COUNTRIES), rng.choice(SHOP_REGIONS), signed_up),
            )
        db.executemany("INSERT INTO products VALUES (?, ?, ?)", SHOP_PRODUCTS)
        for i in range(1, orders + 1):
            sku, _, price = rng.choice(SHOP_PRODUCTS)
            quantity = rng.randint(1, 5)
            amount = round(price * quantity * (-1 if rng.random() < 0.03 else 1), 2)  # a few refunds
            ordered_on = (start + timedelta(days=rng.randrange(320))).isoformat()
            db.execute(
                "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)",
                (i, rng.randint(1, customers), sku, quantity, amount, ordered_on),
            )
        db.commit()
    finally:
        db.close()
    tmp.replace(path)


def _text_file(make: Callable[[], str]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(make(), encoding="utf-8")
        tmp.replace(path)

    return write


FILES: dict[str, Callable[[Path], None]] = {
    "shop.sqlite": write_shop_database,
    "sales.csv": _text_file(sales_csv),
    "customers.csv": _text_file(customers_csv),
    "orders.csv": _text_file(orders_csv),
}


def demo_data_write(*, target: Path) -> list[tuple[str, bool]]:
    """Write the demo files missing from ``target`` (created if needed); never overwrite one.

    Returns ``(file name, written)`` for every demo file."""
    target.mkdir(parents=True, exist_ok=True)
    done = []
    for name, write in FILES.items():
        path = target / name
        if path.exists():
            done.append((name, False))
            continue
        write(path)
        done.append((name, True))
    return done
