"""URLs of the pipelines API (mounted under /api/)."""

from django.urls import path

from pipelines.api.files import files_urlpatterns
from pipelines.api.views_cicd import ClientArchiveApi, PipelineWorkflowApi, TemplateGenerateApi, WorkflowApi
from pipelines.api.views_connections import (
    ConnectionDetailApi,
    ConnectionIntrospectApi,
    ConnectionKindsApi,
    ConnectionListApi,
    ConnectionTestApi,
)
from pipelines.api.views_documents import PipelineImportApi, pipeline_document_schema
from pipelines.api.views_lineage import lineage_urlpatterns
from pipelines.api.views_pipelines import (
    GraphValidateApi,
    PipelineDetailApi,
    PipelineExportApi,
    PipelineGraphApi,
    PipelineListApi,
    PipelineValidateApi,
)
from pipelines.api.views_profile import profile_urlpatterns
from pipelines.api.views_templates import TemplateApplyApi, TemplateDetailApi, TemplateListApi
from pipelines.api.views_tests import (
    OfflineTestRunApi,
    PipelineTestDetailApi,
    PipelineTestListApi,
    PipelineTestRunApi,
)
from pipelines.api.views_versions import (
    NodeTypeDetailApi,
    NodeTypeListApi,
    VersionDetailApi,
    VersionDiffApi,
    VersionListApi,
)

urlpatterns = [
    path("schema/pipeline-document.json", pipeline_document_schema, name="pipeline-document-schema"),
    path("pipelines/", PipelineListApi.as_view(), name="pipeline-list"),
    path("pipelines/import/", PipelineImportApi.as_view(), name="pipeline-import"),
    path("pipelines/<id:pk>/", PipelineDetailApi.as_view(), name="pipeline-detail"),
    path("pipelines/<id:pk>/graph/", PipelineGraphApi.as_view(), name="pipeline-graph"),
    path("pipelines/<id:pk>/validate/", PipelineValidateApi.as_view(), name="pipeline-validate"),
    path("pipelines/<id:pk>/export/", PipelineExportApi.as_view(), name="pipeline-export"),
    path("pipelines/<id:pk>/versions/", VersionListApi.as_view(), name="pipeline-versions"),
    path("pipelines/<id:pk>/versions/diff/", VersionDiffApi.as_view(), name="pipeline-version-diff"),
    path("pipelines/<id:pk>/versions/<id:number>/", VersionDetailApi.as_view(), name="pipeline-version-detail"),
    path("pipelines/<id:pk>/ci/github-actions/", PipelineWorkflowApi.as_view(), name="pipeline-ci-github"),
    path("ci/github-actions/", WorkflowApi.as_view(), name="ci-github"),
    path("client/python/", ClientArchiveApi.as_view(), name="client-python"),
    path("pipelines/<id:pk>/tests/", PipelineTestListApi.as_view(), name="pipeline-tests"),
    path("pipelines/<id:pk>/tests/<id:test_id>/", PipelineTestDetailApi.as_view(), name="pipeline-test-detail"),
    path("pipelines/<id:pk>/test/", PipelineTestRunApi.as_view(), name="pipeline-tests-run"),
    path("tests/run/", OfflineTestRunApi.as_view(), name="tests-run"),
    path("validate/", GraphValidateApi.as_view(), name="graph-validate"),
    path("node-types/", NodeTypeListApi.as_view(), name="node-type-list"),
    path("node-types/<str:key>/", NodeTypeDetailApi.as_view(), name="node-type-detail"),
    path("templates/", TemplateListApi.as_view(), name="template-list"),
    path("templates/generate/", TemplateGenerateApi.as_view(), name="template-generate"),  # the seed's name
    path("templates/<id:pk>/", TemplateDetailApi.as_view(), name="template-detail"),
    path("templates/<id:pk>/apply/", TemplateApplyApi.as_view(), name="template-apply"),
    path("connections/", ConnectionListApi.as_view(), name="connection-list"),
    path("connections/kinds/", ConnectionKindsApi.as_view(), name="connection-kinds"),
    path("connections/<id:pk>/", ConnectionDetailApi.as_view(), name="connection-detail"),
    path("connections/<id:pk>/test/", ConnectionTestApi.as_view(), name="connection-test"),
    path("connections/<id:pk>/introspect/", ConnectionIntrospectApi.as_view(), name="connection-introspect"),
    *files_urlpatterns,
    *profile_urlpatterns,
    *lineage_urlpatterns,
]
