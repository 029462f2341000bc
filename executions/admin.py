from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from executions.models import Execution, PipelineDependency, Pool, StepLog, StepRun
from executions.services import execution_cancel, execution_start


class StepRunInline(admin.TabularInline):
    model = StepRun
    extra = 0
    can_delete = False
    fields = ["node_key", "node_type", "status", "attempt", "rows_in", "rows_out", "duration_ms", "error"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Execution)
class ExecutionAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "pipeline",
        "status",
        "trigger",
        "backend",
        "created_at",
        "finished_at",
        "rows_in",
        "rows_out",
    ]
    list_filter = ["status", "trigger", "backend", "pipeline"]
    search_fields = ["pipeline__name", "pipeline__slug", "correlation_id", "error"]
    date_hierarchy = "created_at"
    inlines = [StepRunInline]
    actions = ["cancel_selected"]
    readonly_fields = [f.name for f in Execution._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Cancel the selected executions")
    def cancel_selected(self, request, queryset):
        done = 0
        for execution in queryset:
            try:
                execution_cancel(execution=execution, by=request.user)
                done += 1
            except ValidationError as exc:
                self.message_user(request, f"#{execution.pk}: {'; '.join(exc.messages)}", messages.WARNING)
        self.message_user(request, f"Cancelling {done} execution(s).")


@admin.register(StepRun)
class StepRunAdmin(admin.ModelAdmin):
    list_display = ["execution", "node_key", "node_type", "status", "attempt", "worker", "duration_ms"]
    list_filter = ["status", "node_type"]
    search_fields = ["node_key", "error", "execution__pipeline__slug"]
    readonly_fields = [f.name for f in StepRun._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(StepLog)
class StepLogAdmin(admin.ModelAdmin):
    list_display = ["ts", "execution", "node_key", "level", "message"]
    list_filter = ["level"]
    search_fields = ["message", "node_key"]
    readonly_fields = [f.name for f in StepLog._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PipelineDependency)
class PipelineDependencyAdmin(admin.ModelAdmin):
    list_display = ["upstream", "downstream", "enabled", "created_at"]
    list_filter = ["enabled"]


@admin.action(description="Run the selected pipelines (current version)")
def run_selected(modeladmin, request, queryset):
    """An action on the Pipeline admin: executions adds it, so pipelines need not know about runs."""
    started = 0
    for pipeline in queryset:
        try:
            execution_start(pipeline=pipeline, user=request.user, trigger=Execution.Trigger.MANUAL)
            started += 1
        except ValidationError as exc:
            modeladmin.message_user(request, f"{pipeline.slug}: {'; '.join(exc.messages)}", messages.ERROR)
    if started:
        modeladmin.message_user(request, f"Started {started} execution(s).")


def _add_run_action() -> None:
    from django.contrib.admin.exceptions import NotRegistered

    from pipelines.models import Pipeline

    try:
        pipeline_admin = admin.site.get_model_admin(Pipeline)
    except NotRegistered:
        return
    if run_selected not in (pipeline_admin.actions or []):
        pipeline_admin.actions = [*(pipeline_admin.actions or []), run_selected]


_add_run_action()


@admin.register(Pool)
class PoolAdmin(admin.ModelAdmin):
    """Pools of fair scheduling (docs/scheduling.md); the name stays once steps use it."""

    list_display = ["name", "slots", "description", "updated_at"]
    search_fields = ["name", "description"]

    def get_readonly_fields(self, request, obj=None):
        return ["name"] if obj is not None else []
