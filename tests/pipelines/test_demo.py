"""manage.py load_demo: deterministic data files, demo pipelines that validate (so each gets a version)
and run, templates that apply, and loading twice changes nothing (user changes are kept)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from io import StringIO

import duckdb
import polars as pl
import pytest
from django.core.management import CommandError, call_command

from executions import executors
from executions.services import execution_start
from pipelines import services
from pipelines.demo import DATA_DIR, SHOP_CONNECTION, demo_pipeline_slugs, demo_template_slugs
from pipelines.demo.data import FILES, customers_csv, orders_csv, sales_csv
from pipelines.models import Connection, Pipeline, PipelineTemplate, PipelineVersion
from pipelines.nodes import registry
from tests import factories

TEMPLATE_PARAMETERS = {"copy-table-to-warehouse": {"connection": SHOP_CONNECTION, "table": "orders"}}


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(is_superuser=True, is_staff=True)


def load_demo(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_demo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_demo_data_is_deterministic_and_holds_the_bad_rows_the_demo_needs():
    assert (sales_csv(), customers_csv(), orders_csv()) == (sales_csv(), customers_csv(), orders_csv())
    sales = rows(sales_csv())
    assert len(sales) == 480 and {r["region"] for r in sales} == {"North", "South", "East", "West", "Central"}
    assert any(int(r["amount"]) < 0 for r in sales) and any(int(r["amount"]) == 0 for r in sales)
    customers = rows(customers_csv())
    ids = Counter(r["id"] for r in customers)
    assert len(customers) == 303 and sum(1 for n in ids.values() if n > 1) == 3
    assert sum(1 for r in customers if not r["email"]) == 5
    assert sum(1 for r in customers if r["email"] and "@" not in r["email"]) == 4
    assert {r["country"] for r in customers} - {"FR", "DE", "ES", "IT", "NL", "BE", "PT", "GB", "IE", "AT"}
    orders = rows(orders_csv())
    assert len(orders) == 600 and {r["customer_id"] for r in orders} - set(ids)  # a few unknown customers


def test_every_demo_pipeline_validates_and_gets_a_version(admin_user, settings):
    missing = sorted(
        {
            t
            for t in ("source.file", "destination.file", "source.database", "destination.warehouse")
            if not registry.get(t)
        }
    )
    _, err = load_demo()
    assert not missing, f"node types not registered yet: {missing}"
    assert err == "", err  # no demo pipeline fell back to a draft
    slugs = demo_pipeline_slugs()
    assert 3 <= len(slugs) <= 4 and all(s.startswith("demo-") for s in slugs)
    for pipeline in Pipeline.objects.filter(slug__in=slugs):
        assert pipeline.current_version is not None, pipeline.slug
        assert pipeline.owner == admin_user and "demo" in {t.name for t in pipeline.tags.all()}
    assert Pipeline.objects.filter(slug__in=slugs).count() == len(slugs)
    for name in FILES:
        assert (settings.DATA_ROOT / DATA_DIR / name).is_file()
    assert Connection.objects.get(slug=SHOP_CONNECTION).config == {"path": f"{DATA_DIR}/shop.sqlite"}


def test_demo_templates_apply_into_valid_pipelines(admin_user):
    load_demo()
    slugs = demo_template_slugs()
    assert len(slugs) >= 2 and PipelineTemplate.objects.filter(slug__in=slugs).count() == len(slugs)
    for template in PipelineTemplate.objects.filter(slug__in=slugs):
        pipeline = services.template_apply(
            template=template,
            user=admin_user,
            name=f"From {template.name}",
            parameters=TEMPLATE_PARAMETERS.get(template.slug, {}),
        )
        _, created = services.pipeline_version_create(pipeline=pipeline, user=admin_user)
        assert created, template.slug


def test_load_demo_twice_changes_nothing_and_keeps_user_changes(admin_user, settings):
    first, _ = load_demo()
    assert "data demo/sales.csv: written" in first and f"connection {SHOP_CONNECTION}: created" in first

    def state():
        return (
            sorted(Pipeline.objects.values_list("slug", "current_version_id", "description")),
            PipelineVersion.objects.count(),
            sorted(PipelineTemplate.objects.values_list("slug", "name", "updated_at")),
            Connection.objects.count(),
        )

    before = state()
    sales = settings.DATA_ROOT / DATA_DIR / "sales.csv"
    sales.write_text("sale_id,amount\nmine,1\n")  # a user's own edit of a data file
    rollup = Pipeline.objects.get(slug="demo-daily-sales-rollup")
    services.pipeline_update(pipeline=rollup, user=admin_user, description="my notes")
    second, _ = load_demo()
    assert "written" not in second and "created" not in second
    assert "pipeline demo-daily-sales-rollup: exists, kept" in second
    assert sales.read_text() == "sale_id,amount\nmine,1\n"
    rollup.refresh_from_db()
    assert rollup.description == "my notes"
    after = state()
    assert after[1:] == before[1:] and len(after[0]) == len(before[0])

    # --reset brings the pipelines and templates back; the data files stay the user's.
    sales.unlink()
    third, _ = load_demo("--reset")
    assert "data demo/sales.csv: written" in third and "template csv-to-parquet: reset" in third
    rollup.refresh_from_db()
    assert rollup.description.startswith("Reads the sales lines")
    assert PipelineVersion.objects.count() == before[1]  # same graphs: no new version


def test_load_demo_needs_an_owner(db, editor):
    with pytest.raises(CommandError, match="pass --owner"):
        load_demo()
    with pytest.raises(CommandError, match="No user 'ghost'"):
        load_demo("--owner", "ghost")
    load_demo("--owner", editor.username)
    assert set(Pipeline.objects.values_list("owner", flat=True)) == {editor.pk}


@pytest.mark.django_db(transaction=True)
def test_the_demo_pipelines_run(settings):
    settings.SLUICE_EXECUTOR = "inline"
    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    load_demo()
    for pipeline in Pipeline.objects.filter(slug__in=demo_pipeline_slugs()):
        execution = execution_start(pipeline=pipeline, user=admin)
        executors.run_inline_until_idle()
        execution.refresh_from_db()
        assert execution.status == "succeeded", (pipeline.slug, execution.error)
    out = settings.DATA_ROOT / DATA_DIR / "out"
    by_region = pl.read_parquet(out / "sales_by_region.parquet")
    assert by_region.height == 5 and by_region["revenue"].is_sorted(descending=True)
    assert by_region["lines"].sum() == sum(1 for r in rows(sales_csv()) if int(r["amount"]) > 0)
    clean = pl.read_parquet(out / "customers_clean.parquet")
    rejected = pl.read_csv(out / "customers_rejected.csv")
    assert clean.height + rejected.height == 303 and rejected.height >= 15
    assert clean["email"].null_count() == 0 and clean["id"].is_unique().all()
    with duckdb.connect(str(settings.DATA_ROOT / DATA_DIR / "warehouse.duckdb"), read_only=True) as db:
        orders, named = db.execute("select count(*), count(customer_name) from orders_enriched").fetchone()
        regions = db.execute("select region, orders from revenue_by_region order by region").fetchall()
    assert orders == 600 and 590 <= named < 600  # orders of unknown customers are kept, without a name
    assert [r[0] for r in regions] == ["east", "north", "south", "west"] and sum(r[1] for r in regions) > 1800
