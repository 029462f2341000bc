"""Templates get an owner (who may change or delete them, besides admins) and a built-in flag.

Existing templates: the ones ``load_demo`` ships (by slug) become built-in without an owner; every other
template is owned by the user who created it (``created_by``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The slugs of pipelines/demo/templates/*.yaml when this migration was written (a migration must not
# read files that change later).
DEMO_TEMPLATE_SLUGS = ("copy-table-to-warehouse", "csv-to-parquet", "deduplicate-file", "filter-and-aggregate")


def set_owners(apps, schema_editor):
    PipelineTemplate = apps.get_model("pipelines", "PipelineTemplate")
    PipelineTemplate.objects.filter(slug__in=DEMO_TEMPLATE_SLUGS).update(builtin=True, owner=None)
    PipelineTemplate.objects.filter(builtin=False).update(owner=models.F("created_by"))


class Migration(migrations.Migration):
    dependencies = [
        ("pipelines", "0002_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="pipelinetemplate",
            name="builtin",
            field=models.BooleanField(
                default=False, help_text="Shipped with Sluice (load_demo): read-only through the API and the pages."
            ),
        ),
        migrations.AddField(
            model_name="pipelinetemplate",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                help_text="Who may change or delete it (besides admins). Empty on built-in templates.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="pipeline_templates",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(set_owners, migrations.RunPython.noop),
    ]
