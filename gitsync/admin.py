from django.contrib import admin

from gitsync.models import GitDocument, GitRepository, GitSync


@admin.register(GitRepository)
class GitRepositoryAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "branch", "folder", "owner", "last_status", "last_sync_at")
    search_fields = ("name", "url")
    readonly_fields = ("last_sync_at", "last_commit", "last_status", "last_error")
    exclude = ("encrypted_webhook_secret",)


@admin.register(GitSync)
class GitSyncAdmin(admin.ModelAdmin):
    list_display = ("repository", "trigger", "status", "queued_at", "applied", "unchanged", "conflicted", "failed")
    list_filter = ("status", "trigger")
    readonly_fields = [f.name for f in GitSync._meta.fields]


@admin.register(GitDocument)
class GitDocumentAdmin(admin.ModelAdmin):
    list_display = ("repository", "path", "pipeline", "conflict_blob", "pushed_version")
    readonly_fields = [f.name for f in GitDocument._meta.fields]
