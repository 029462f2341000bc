""" Contains all the data models used in inputs/outputs """

from .active_execution_output import ActiveExecutionOutput
from .active_step_output import ActiveStepOutput
from .alert import Alert
from .alert_rule import AlertRule
from .alert_rule_kind_enum import AlertRuleKindEnum
from .alert_rule_params import AlertRuleParams
from .alert_rule_request import AlertRuleRequest
from .alert_rule_request_params import AlertRuleRequestParams
from .alert_rules_list_kind import AlertRulesListKind
from .alert_status_enum import AlertStatusEnum
from .alerts_list_status import AlertsListStatus
from .api_token_created_output import ApiTokenCreatedOutput
from .api_token_input_request import ApiTokenInputRequest
from .api_token_output import ApiTokenOutput
from .api_token_state_enum import ApiTokenStateEnum
from .audit_event_output import AuditEventOutput
from .backfill_detail_output import BackfillDetailOutput
from .backfill_detail_output_progress import BackfillDetailOutputProgress
from .backfill_input_request import BackfillInputRequest
from .backfill_interval_output import BackfillIntervalOutput
from .backfill_interval_status_enum import BackfillIntervalStatusEnum
from .backfill_output import BackfillOutput
from .backfill_output_progress import BackfillOutputProgress
from .backfill_plan_output import BackfillPlanOutput
from .backfill_plan_output_skipped_item import BackfillPlanOutputSkippedItem
from .backfill_plan_output_to_run_item import BackfillPlanOutputToRunItem
from .backfill_status_enum import BackfillStatusEnum
from .channel_enum import ChannelEnum
from .channels_enum import ChannelsEnum
from .checklist_item_output import ChecklistItemOutput
from .checklist_item_output_status_enum import ChecklistItemOutputStatusEnum
from .checklist_output import ChecklistOutput
from .ci_github_actions_create_format import CiGithubActionsCreateFormat
from .ci_github_actions_create_response_400 import CiGithubActionsCreateResponse400
from .client_source_enum import ClientSourceEnum
from .column_change_output import ColumnChangeOutput
from .column_lineage_output import ColumnLineageOutput
from .column_link_output import ColumnLinkOutput
from .column_output import ColumnOutput
from .column_profile_output import ColumnProfileOutput
from .column_profile_output_kind_enum import ColumnProfileOutputKindEnum
from .column_ref_output import ColumnRefOutput
from .comparison_output import ComparisonOutput
from .comparison_output_columns import ComparisonOutputColumns
from .connection_input_request import ConnectionInputRequest
from .connection_input_request_config import ConnectionInputRequestConfig
from .connection_input_request_secrets import ConnectionInputRequestSecrets
from .connection_kind_enum import ConnectionKindEnum
from .connection_kind_output import ConnectionKindOutput
from .connection_kind_output_config_schema import ConnectionKindOutputConfigSchema
from .connection_output import ConnectionOutput
from .connection_test_output import ConnectionTestOutput
from .connections_create_response_400 import ConnectionsCreateResponse400
from .connections_destroy_response_400 import ConnectionsDestroyResponse400
from .connections_introspect_retrieve_response_400 import ConnectionsIntrospectRetrieveResponse400
from .connections_list_kind_item import ConnectionsListKindItem
from .connections_list_response_400 import ConnectionsListResponse400
from .connections_partial_update_response_400 import ConnectionsPartialUpdateResponse400
from .connections_update_response_400 import ConnectionsUpdateResponse400
from .dataset_output import DatasetOutput
from .dataset_output_kind_enum import DatasetOutputKindEnum
from .delivery_output import DeliveryOutput
from .delivery_output_status_enum import DeliveryOutputStatusEnum
from .delivery_output_trigger_enum import DeliveryOutputTriggerEnum
from .density_enum import DensityEnum
from .dependency_graph_output import DependencyGraphOutput
from .dependency_input_request import DependencyInputRequest
from .dependency_output import DependencyOutput
from .destination_profile_output import DestinationProfileOutput
from .diff_output import DiffOutput
from .direction_enum import DirectionEnum
from .document_output import DocumentOutput
from .document_output_kind_enum import DocumentOutputKindEnum
from .dry_run_input_request import DryRunInputRequest
from .dry_run_input_request_inject import DryRunInputRequestInject
from .dry_run_input_request_inject_additional_property_item import DryRunInputRequestInjectAdditionalPropertyItem
from .dry_run_profile_input_request import DryRunProfileInputRequest
from .edge import Edge
from .edge_request import EdgeRequest
from .error import Error
from .error_output import ErrorOutput
from .event_output import EventOutput
from .execution_detail_output import ExecutionDetailOutput
from .execution_figures_output import ExecutionFiguresOutput
from .execution_figures_output_by_status import ExecutionFiguresOutputByStatus
from .execution_output import ExecutionOutput
from .execution_status_enum import ExecutionStatusEnum
from .execution_trigger_enum import ExecutionTriggerEnum
from .executions_list_status_item import ExecutionsListStatusItem
from .executions_list_trigger_item import ExecutionsListTriggerItem
from .executions_logs_list_level import ExecutionsLogsListLevel
from .executions_steps_profile_retrieve_response_400 import ExecutionsStepsProfileRetrieveResponse400
from .expect_error import ExpectError
from .expect_error_request import ExpectErrorRequest
from .expectation import Expectation
from .expectation_request import ExpectationRequest
from .expectation_request_rows_item import ExpectationRequestRowsItem
from .expectation_request_schema import ExpectationRequestSchema
from .expectation_request_schema_additional_property import ExpectationRequestSchemaAdditionalProperty
from .expectation_rows_item import ExpectationRowsItem
from .expectation_schema import ExpectationSchema
from .expectation_schema_additional_property import ExpectationSchemaAdditionalProperty
from .export_metadata_output import ExportMetadataOutput
from .export_output import ExportOutput
from .export_spec_output import ExportSpecOutput
from .export_spec_output_params import ExportSpecOutputParams
from .failing_node_output import FailingNodeOutput
from .failing_pipeline_output import FailingPipelineOutput
from .family_enum import FamilyEnum
from .file_output import FileOutput
from .file_profile_output import FileProfileOutput
from .files_create_response_400 import FilesCreateResponse400
from .files_list_response_400 import FilesListResponse400
from .files_profile_retrieve_response_400 import FilesProfileRetrieveResponse400
from .files_uploads_complete_create_response_400 import FilesUploadsCompleteCreateResponse400
from .files_uploads_create_response_400 import FilesUploadsCreateResponse400
from .files_uploads_update_response_400 import FilesUploadsUpdateResponse400
from .first_pipeline_output import FirstPipelineOutput
from .format_enum import FormatEnum
from .git_repositories_create_response_400 import GitRepositoriesCreateResponse400
from .git_repositories_destroy_response_400 import GitRepositoriesDestroyResponse400
from .git_repositories_documents_resolve_create_response_400 import GitRepositoriesDocumentsResolveCreateResponse400
from .git_repositories_partial_update_response_400 import GitRepositoriesPartialUpdateResponse400
from .git_repositories_update_response_400 import GitRepositoriesUpdateResponse400
from .git_sync_status_enum import GitSyncStatusEnum
from .git_sync_trigger_enum import GitSyncTriggerEnum
from .git_webhook_create_body import GitWebhookCreateBody
from .git_webhook_create_response_400 import GitWebhookCreateResponse400
from .graph import Graph
from .graph_edge_output import GraphEdgeOutput
from .graph_input_request import GraphInputRequest
from .graph_node_output import GraphNodeOutput
from .graph_node_output_position import GraphNodeOutputPosition
from .graph_request import GraphRequest
from .graph_save_output import GraphSaveOutput
from .graph_validate_input_request import GraphValidateInputRequest
from .group import Group
from .group_request import GroupRequest
from .health_enum import HealthEnum
from .histogram_output import HistogramOutput
from .history_output import HistoryOutput
from .history_point_output import HistoryPointOutput
from .host_sample_output import HostSampleOutput
from .host_series_output import HostSeriesOutput
from .impact_column_output import ImpactColumnOutput
from .impact_output import ImpactOutput
from .impact_pipeline_output import ImpactPipelineOutput
from .import_apply_output import ImportApplyOutput
from .import_dry_run_output import ImportDryRunOutput
from .import_error_output import ImportErrorOutput
from .import_error_output_fields import ImportErrorOutputFields
from .import_failure_output import ImportFailureOutput
from .import_input_request import ImportInputRequest
from .import_plan_output import ImportPlanOutput
from .import_plan_output_action_enum import ImportPlanOutputActionEnum
from .import_plan_output_diff_type_0 import ImportPlanOutputDiffType0
from .import_plan_output_fields import ImportPlanOutputFields
from .import_problem_output import ImportProblemOutput
from .import_result_output import ImportResultOutput
from .import_result_output_action_enum import ImportResultOutputActionEnum
from .input_port_output import InputPortOutput
from .insight_detail_output import InsightDetailOutput
from .insight_event_output import InsightEventOutput
from .insight_event_output_kind_enum import InsightEventOutputKindEnum
from .insight_evidence_output import InsightEvidenceOutput
from .insight_evidence_output_figures import InsightEvidenceOutputFigures
from .insight_kind_enum import InsightKindEnum
from .insight_link_output import InsightLinkOutput
from .insight_output import InsightOutput
from .insight_severity_enum import InsightSeverityEnum
from .insight_state_enum import InsightStateEnum
from .insights_list_kind import InsightsListKind
from .insights_list_state import InsightsListState
from .insights_list_window import InsightsListWindow
from .inspect_output import InspectOutput
from .inspect_output_schema import InspectOutputSchema
from .introspect_output import IntrospectOutput
from .invite_resent_output import InviteResentOutput
from .keep_enum import KeepEnum
from .key_enum import KeyEnum
from .landing_page_enum import LandingPageEnum
from .last_error_output import LastErrorOutput
from .last_run_output import LastRunOutput
from .last_scheduled_run import LastScheduledRun
from .last_status_enum import LastStatusEnum
from .latest_step_output import LatestStepOutput
from .level_enum import LevelEnum
from .lineage_edge_output import LineageEdgeOutput
from .lineage_graph_output import LineageGraphOutput
from .lineage_impact_retrieve_response_400 import LineageImpactRetrieveResponse400
from .lineage_pipeline_output import LineagePipelineOutput
from .linked_pipeline_output import LinkedPipelineOutput
from .mark_read_input_request import MarkReadInputRequest
from .mode_enum import ModeEnum
from .monitoring_exports_executions_retrieve_format import MonitoringExportsExecutionsRetrieveFormat
from .monitoring_exports_stages_retrieve_format import MonitoringExportsStagesRetrieveFormat
from .monitoring_stages_history_retrieve_bucket import MonitoringStagesHistoryRetrieveBucket
from .node import Node
from .node_change_output import NodeChangeOutput
from .node_change_output_changes import NodeChangeOutputChanges
from .node_config import NodeConfig
from .node_request import NodeRequest
from .node_request_config import NodeRequestConfig
from .node_type_output import NodeTypeOutput
from .node_type_output_config_schema import NodeTypeOutputConfigSchema
from .node_type_output_example_type_0 import NodeTypeOutputExampleType0
from .node_types_list_family import NodeTypesListFamily
from .node_types_list_response_400 import NodeTypesListResponse400
from .notification_output import NotificationOutput
from .notifications_mark_read_create_response_200 import NotificationsMarkReadCreateResponse200
from .notifications_unread_count_retrieve_response_200 import NotificationsUnreadCountRetrieveResponse200
from .of_enum import OfEnum
from .offline_run_input_request import OfflineRunInputRequest
from .offset_conflict_output import OffsetConflictOutput
from .onboarding import Onboarding
from .outcome_enum import OutcomeEnum
from .output_port_output import OutputPortOutput
from .paginated_alert_list import PaginatedAlertList
from .paginated_alert_rule_list import PaginatedAlertRuleList
from .paginated_api_token_output_list import PaginatedApiTokenOutputList
from .paginated_audit_event_output_list import PaginatedAuditEventOutputList
from .paginated_backfill_output_list import PaginatedBackfillOutputList
from .paginated_connection_output_list import PaginatedConnectionOutputList
from .paginated_document_output_list import PaginatedDocumentOutputList
from .paginated_event_output_list import PaginatedEventOutputList
from .paginated_execution_detail_output_list import PaginatedExecutionDetailOutputList
from .paginated_execution_output_list import PaginatedExecutionOutputList
from .paginated_file_output_list import PaginatedFileOutputList
from .paginated_insight_output_list import PaginatedInsightOutputList
from .paginated_notification_output_list import PaginatedNotificationOutputList
from .paginated_pipeline_output_list import PaginatedPipelineOutputList
from .paginated_quality_issue_output_list import PaginatedQualityIssueOutputList
from .paginated_quality_result_output_list import PaginatedQualityResultOutputList
from .paginated_report_output_list import PaginatedReportOutputList
from .paginated_repository_output_list import PaginatedRepositoryOutputList
from .paginated_schedule_row_list import PaginatedScheduleRowList
from .paginated_sla_breach_output_list import PaginatedSLABreachOutputList
from .paginated_step_log_output_list import PaginatedStepLogOutputList
from .paginated_sync_output_list import PaginatedSyncOutputList
from .paginated_template_output_list import PaginatedTemplateOutputList
from .paginated_test_summary_output_list import PaginatedTestSummaryOutputList
from .paginated_user_output_list import PaginatedUserOutputList
from .paginated_version_output_list import PaginatedVersionOutputList
from .paginated_worker_output_list import PaginatedWorkerOutputList
from .patched_alert_rule_request import PatchedAlertRuleRequest
from .patched_alert_rule_request_params import PatchedAlertRuleRequestParams
from .patched_connection_input_request import PatchedConnectionInputRequest
from .patched_connection_input_request_config import PatchedConnectionInputRequestConfig
from .patched_connection_input_request_secrets import PatchedConnectionInputRequestSecrets
from .patched_onboarding_patch_request import PatchedOnboardingPatchRequest
from .patched_pipeline_input_request import PatchedPipelineInputRequest
from .patched_pipeline_input_request_default_params import PatchedPipelineInputRequestDefaultParams
from .patched_pool_update_input_request import PatchedPoolUpdateInputRequest
from .patched_preferences_patch_request import PatchedPreferencesPatchRequest
from .patched_quality_issue_patch_input_request import PatchedQualityIssuePatchInputRequest
from .patched_report_input_request import PatchedReportInputRequest
from .patched_report_input_request_blocks_item import PatchedReportInputRequestBlocksItem
from .patched_report_input_request_blocks_item_kind import PatchedReportInputRequestBlocksItemKind
from .patched_report_input_request_blocks_item_metrics_item import PatchedReportInputRequestBlocksItemMetricsItem
from .patched_report_input_request_blocks_item_statuses_item import PatchedReportInputRequestBlocksItemStatusesItem
from .patched_repository_input_request import PatchedRepositoryInputRequest
from .patched_template_input_request import PatchedTemplateInputRequest
from .patched_template_input_request_parameters import PatchedTemplateInputRequestParameters
from .patched_user_patch_input_request import PatchedUserPatchInputRequest
from .pipeline_backend_enum import PipelineBackendEnum
from .pipeline_detail_output import PipelineDetailOutput
from .pipeline_input_request import PipelineInputRequest
from .pipeline_input_request_default_params import PipelineInputRequestDefaultParams
from .pipeline_link_output import PipelineLinkOutput
from .pipeline_links_output import PipelineLinksOutput
from .pipeline_output import PipelineOutput
from .pipeline_ref_output import PipelineRefOutput
from .pipeline_state_output import PipelineStateOutput
from .pipeline_state_output_pipeline import PipelineStateOutputPipeline
from .pipeline_status_enum import PipelineStatusEnum
from .pipelines_ci_github_actions_create_format import PipelinesCiGithubActionsCreateFormat
from .pipelines_ci_github_actions_create_response_400 import PipelinesCiGithubActionsCreateResponse400
from .pipelines_create_response_400 import PipelinesCreateResponse400
from .pipelines_destroy_response_400 import PipelinesDestroyResponse400
from .pipelines_dry_run_create_response_200 import PipelinesDryRunCreateResponse200
from .pipelines_dry_run_profile_create_response_400 import PipelinesDryRunProfileCreateResponse400
from .pipelines_export_retrieve_format import PipelinesExportRetrieveFormat
from .pipelines_graph_update_response_400 import PipelinesGraphUpdateResponse400
from .pipelines_lineage_retrieve_response_400 import PipelinesLineageRetrieveResponse400
from .pipelines_list_response_400 import PipelinesListResponse400
from .pipelines_list_status_item import PipelinesListStatusItem
from .pipelines_partial_update_response_400 import PipelinesPartialUpdateResponse400
from .pipelines_schedule_next_runs_retrieve_response_200 import PipelinesScheduleNextRunsRetrieveResponse200
from .pipelines_test_create_format import PipelinesTestCreateFormat
from .pipelines_test_create_response_400 import PipelinesTestCreateResponse400
from .pipelines_tests_create_response_400 import PipelinesTestsCreateResponse400
from .pipelines_tests_destroy_response_400 import PipelinesTestsDestroyResponse400
from .pipelines_tests_update_response_400 import PipelinesTestsUpdateResponse400
from .pipelines_update_response_400 import PipelinesUpdateResponse400
from .pipelines_validate_create_response_400 import PipelinesValidateCreateResponse400
from .pipelines_versions_create_response_400 import PipelinesVersionsCreateResponse400
from .pipelines_versions_diff_retrieve_response_400 import PipelinesVersionsDiffRetrieveResponse400
from .pool_input_request import PoolInputRequest
from .pool_output import PoolOutput
from .position import Position
from .position_request import PositionRequest
from .preferences import Preferences
from .preferences_request import PreferencesRequest
from .preview_output import PreviewOutput
from .preview_output_preview_item import PreviewOutputPreviewItem
from .preview_output_schema import PreviewOutputSchema
from .problem_output import ProblemOutput
from .profile_limits_output import ProfileLimitsOutput
from .profile_output import ProfileOutput
from .python_version_enum import PythonVersionEnum
from .quality_assign_input_request import QualityAssignInputRequest
from .quality_comment_input_request import QualityCommentInputRequest
from .quality_entry_output import QualityEntryOutput
from .quality_entry_output_kind_enum import QualityEntryOutputKindEnum
from .quality_issue_detail_output import QualityIssueDetailOutput
from .quality_issue_output import QualityIssueOutput
from .quality_issue_severity_enum import QualityIssueSeverityEnum
from .quality_issue_status_enum import QualityIssueStatusEnum
from .quality_issues_list_status import QualityIssuesListStatus
from .quality_resolve_input_request import QualityResolveInputRequest
from .quality_result_output import QualityResultOutput
from .quality_result_output_kind_enum import QualityResultOutputKindEnum
from .quality_result_output_sample_item import QualityResultOutputSampleItem
from .quality_results_export_retrieve_format import QualityResultsExportRetrieveFormat
from .quality_summary_day_output import QualitySummaryDayOutput
from .quality_summary_output import QualitySummaryOutput
from .quantiles_output import QuantilesOutput
from .report_detail_output import ReportDetailOutput
from .report_detail_output_blocks_item import ReportDetailOutputBlocksItem
from .report_detail_output_blocks_item_kind import ReportDetailOutputBlocksItemKind
from .report_detail_output_blocks_item_metrics_item import ReportDetailOutputBlocksItemMetricsItem
from .report_detail_output_blocks_item_statuses_item import ReportDetailOutputBlocksItemStatusesItem
from .report_input_request import ReportInputRequest
from .report_input_request_blocks_item import ReportInputRequestBlocksItem
from .report_input_request_blocks_item_kind import ReportInputRequestBlocksItemKind
from .report_input_request_blocks_item_metrics_item import ReportInputRequestBlocksItemMetricsItem
from .report_input_request_blocks_item_statuses_item import ReportInputRequestBlocksItemStatusesItem
from .report_output import ReportOutput
from .report_output_blocks_item import ReportOutputBlocksItem
from .report_output_blocks_item_kind import ReportOutputBlocksItemKind
from .report_output_blocks_item_metrics_item import ReportOutputBlocksItemMetricsItem
from .report_output_blocks_item_statuses_item import ReportOutputBlocksItemStatusesItem
from .reports_create_response_400 import ReportsCreateResponse400
from .reports_partial_update_response_400 import ReportsPartialUpdateResponse400
from .reports_render_retrieve_format import ReportsRenderRetrieveFormat
from .reports_render_retrieve_response_400 import ReportsRenderRetrieveResponse400
from .reports_send_create_response_400 import ReportsSendCreateResponse400
from .reports_send_create_response_429 import ReportsSendCreateResponse429
from .reports_update_response_400 import ReportsUpdateResponse400
from .repository_input_request import RepositoryInputRequest
from .repository_output import RepositoryOutput
from .resolve_input_request import ResolveInputRequest
from .resources_output import ResourcesOutput
from .retyped_output import RetypedOutput
from .role_enum import RoleEnum
from .run_input_request import RunInputRequest
from .run_input_request_params import RunInputRequestParams
from .runner_enum import RunnerEnum
from .running_output import RunningOutput
from .schedule_output import ScheduleOutput
from .schedule_row import ScheduleRow
from .schedules_list_state import SchedulesListState
from .schema_output import SchemaOutput
from .sla_breach_output import SLABreachOutput
from .sla_input_request import SLAInputRequest
from .sla_output import SLAOutput
from .stage_figures_output import StageFiguresOutput
from .stage_output import StageOutput
from .stages_output import StagesOutput
from .state_schedule_output import StateScheduleOutput
from .step_log_output import StepLogOutput
from .step_output import StepOutput
from .step_profile_output import StepProfileOutput
from .step_status_enum import StepStatusEnum
from .subscription_input_request import SubscriptionInputRequest
from .subscription_output import SubscriptionOutput
from .summary_output import SummaryOutput
from .sync_output import SyncOutput
from .sync_result_output import SyncResultOutput
from .table import Table
from .table_output import TableOutput
from .table_request import TableRequest
from .table_request_rows_item import TableRequestRowsItem
from .table_request_schema import TableRequestSchema
from .table_request_schema_additional_property import TableRequestSchemaAdditionalProperty
from .table_rows_item import TableRowsItem
from .table_schema import TableSchema
from .table_schema_additional_property import TableSchemaAdditionalProperty
from .template_apply_input_request import TemplateApplyInputRequest
from .template_apply_input_request_parameters import TemplateApplyInputRequestParameters
from .template_input_request import TemplateInputRequest
from .template_input_request_parameters import TemplateInputRequestParameters
from .template_output import TemplateOutput
from .templates_apply_create_response_400 import TemplatesApplyCreateResponse400
from .templates_create_response_400 import TemplatesCreateResponse400
from .templates_destroy_response_400 import TemplatesDestroyResponse400
from .templates_generate_create_format import TemplatesGenerateCreateFormat
from .templates_generate_create_response_400 import TemplatesGenerateCreateResponse400
from .templates_list_response_400 import TemplatesListResponse400
from .templates_partial_update_response_400 import TemplatesPartialUpdateResponse400
from .templates_update_response_400 import TemplatesUpdateResponse400
from .test_detail_output import TestDetailOutput
from .test_detail_output_expect import TestDetailOutputExpect
from .test_detail_output_fixtures import TestDetailOutputFixtures
from .test_detail_output_params import TestDetailOutputParams
from .test_input_request import TestInputRequest
from .test_input_request_expect import TestInputRequestExpect
from .test_input_request_fixtures import TestInputRequestFixtures
from .test_input_request_params import TestInputRequestParams
from .test_result_output import TestResultOutput
from .test_run_input_request import TestRunInputRequest
from .test_run_output import TestRunOutput
from .test_summary_output import TestSummaryOutput
from .tests_run_create_format import TestsRunCreateFormat
from .tests_run_create_response_400 import TestsRunCreateResponse400
from .theme_enum import ThemeEnum
from .timeline_output import TimelineOutput
from .timeline_output_execution import TimelineOutputExecution
from .timeline_step_output import TimelineStepOutput
from .token_obtain_pair import TokenObtainPair
from .token_obtain_pair_request import TokenObtainPairRequest
from .token_refresh import TokenRefresh
from .token_refresh_request import TokenRefreshRequest
from .tolerances import Tolerances
from .tolerances_request import TolerancesRequest
from .top_value_output import TopValueOutput
from .tour_status_enum import TourStatusEnum
from .upload_input_request import UploadInputRequest
from .upload_start_input_request import UploadStartInputRequest
from .upload_state_output import UploadStateOutput
from .url_from_enum import UrlFromEnum
from .user_invite_input_request import UserInviteInputRequest
from .user_invited_output import UserInvitedOutput
from .user_output import UserOutput
from .user_session_output import UserSessionOutput
from .users_list_active import UsersListActive
from .users_list_ordering import UsersListOrdering
from .users_list_role import UsersListRole
from .validate_create_response_400 import ValidateCreateResponse400
from .validate_input_request import ValidateInputRequest
from .validate_mode_enum import ValidateModeEnum
from .validation_error import ValidationError
from .validation_output import ValidationOutput
from .validation_output_lineage import ValidationOutputLineage
from .validation_output_lineage_additional_property import ValidationOutputLineageAdditionalProperty
from .validation_output_schemas import ValidationOutputSchemas
from .validation_output_schemas_additional_property import ValidationOutputSchemasAdditionalProperty
from .validation_output_schemas_additional_property_additional_property import ValidationOutputSchemasAdditionalPropertyAdditionalProperty
from .version_create_input_request import VersionCreateInputRequest
from .version_create_output import VersionCreateOutput
from .version_detail_output import VersionDetailOutput
from .version_output import VersionOutput
from .webhook_output import WebhookOutput
from .webhook_queued_output import WebhookQueuedOutput
from .window_enum import WindowEnum
from .worker_output import WorkerOutput
from .worker_output_status_enum import WorkerOutputStatusEnum
from .workers_list_status import WorkersListStatus
from .workers_output import WorkersOutput
from .workflow_input_request import WorkflowInputRequest
from .workflow_output import WorkflowOutput
from .workflow_output_options import WorkflowOutputOptions

__all__ = (
    "ActiveExecutionOutput",
    "ActiveStepOutput",
    "Alert",
    "AlertRule",
    "AlertRuleKindEnum",
    "AlertRuleParams",
    "AlertRuleRequest",
    "AlertRuleRequestParams",
    "AlertRulesListKind",
    "AlertsListStatus",
    "AlertStatusEnum",
    "ApiTokenCreatedOutput",
    "ApiTokenInputRequest",
    "ApiTokenOutput",
    "ApiTokenStateEnum",
    "AuditEventOutput",
    "BackfillDetailOutput",
    "BackfillDetailOutputProgress",
    "BackfillInputRequest",
    "BackfillIntervalOutput",
    "BackfillIntervalStatusEnum",
    "BackfillOutput",
    "BackfillOutputProgress",
    "BackfillPlanOutput",
    "BackfillPlanOutputSkippedItem",
    "BackfillPlanOutputToRunItem",
    "BackfillStatusEnum",
    "ChannelEnum",
    "ChannelsEnum",
    "ChecklistItemOutput",
    "ChecklistItemOutputStatusEnum",
    "ChecklistOutput",
    "CiGithubActionsCreateFormat",
    "CiGithubActionsCreateResponse400",
    "ClientSourceEnum",
    "ColumnChangeOutput",
    "ColumnLineageOutput",
    "ColumnLinkOutput",
    "ColumnOutput",
    "ColumnProfileOutput",
    "ColumnProfileOutputKindEnum",
    "ColumnRefOutput",
    "ComparisonOutput",
    "ComparisonOutputColumns",
    "ConnectionInputRequest",
    "ConnectionInputRequestConfig",
    "ConnectionInputRequestSecrets",
    "ConnectionKindEnum",
    "ConnectionKindOutput",
    "ConnectionKindOutputConfigSchema",
    "ConnectionOutput",
    "ConnectionsCreateResponse400",
    "ConnectionsDestroyResponse400",
    "ConnectionsIntrospectRetrieveResponse400",
    "ConnectionsListKindItem",
    "ConnectionsListResponse400",
    "ConnectionsPartialUpdateResponse400",
    "ConnectionsUpdateResponse400",
    "ConnectionTestOutput",
    "DatasetOutput",
    "DatasetOutputKindEnum",
    "DeliveryOutput",
    "DeliveryOutputStatusEnum",
    "DeliveryOutputTriggerEnum",
    "DensityEnum",
    "DependencyGraphOutput",
    "DependencyInputRequest",
    "DependencyOutput",
    "DestinationProfileOutput",
    "DiffOutput",
    "DirectionEnum",
    "DocumentOutput",
    "DocumentOutputKindEnum",
    "DryRunInputRequest",
    "DryRunInputRequestInject",
    "DryRunInputRequestInjectAdditionalPropertyItem",
    "DryRunProfileInputRequest",
    "Edge",
    "EdgeRequest",
    "Error",
    "ErrorOutput",
    "EventOutput",
    "ExecutionDetailOutput",
    "ExecutionFiguresOutput",
    "ExecutionFiguresOutputByStatus",
    "ExecutionOutput",
    "ExecutionsListStatusItem",
    "ExecutionsListTriggerItem",
    "ExecutionsLogsListLevel",
    "ExecutionsStepsProfileRetrieveResponse400",
    "ExecutionStatusEnum",
    "ExecutionTriggerEnum",
    "Expectation",
    "ExpectationRequest",
    "ExpectationRequestRowsItem",
    "ExpectationRequestSchema",
    "ExpectationRequestSchemaAdditionalProperty",
    "ExpectationRowsItem",
    "ExpectationSchema",
    "ExpectationSchemaAdditionalProperty",
    "ExpectError",
    "ExpectErrorRequest",
    "ExportMetadataOutput",
    "ExportOutput",
    "ExportSpecOutput",
    "ExportSpecOutputParams",
    "FailingNodeOutput",
    "FailingPipelineOutput",
    "FamilyEnum",
    "FileOutput",
    "FileProfileOutput",
    "FilesCreateResponse400",
    "FilesListResponse400",
    "FilesProfileRetrieveResponse400",
    "FilesUploadsCompleteCreateResponse400",
    "FilesUploadsCreateResponse400",
    "FilesUploadsUpdateResponse400",
    "FirstPipelineOutput",
    "FormatEnum",
    "GitRepositoriesCreateResponse400",
    "GitRepositoriesDestroyResponse400",
    "GitRepositoriesDocumentsResolveCreateResponse400",
    "GitRepositoriesPartialUpdateResponse400",
    "GitRepositoriesUpdateResponse400",
    "GitSyncStatusEnum",
    "GitSyncTriggerEnum",
    "GitWebhookCreateBody",
    "GitWebhookCreateResponse400",
    "Graph",
    "GraphEdgeOutput",
    "GraphInputRequest",
    "GraphNodeOutput",
    "GraphNodeOutputPosition",
    "GraphRequest",
    "GraphSaveOutput",
    "GraphValidateInputRequest",
    "Group",
    "GroupRequest",
    "HealthEnum",
    "HistogramOutput",
    "HistoryOutput",
    "HistoryPointOutput",
    "HostSampleOutput",
    "HostSeriesOutput",
    "ImpactColumnOutput",
    "ImpactOutput",
    "ImpactPipelineOutput",
    "ImportApplyOutput",
    "ImportDryRunOutput",
    "ImportErrorOutput",
    "ImportErrorOutputFields",
    "ImportFailureOutput",
    "ImportInputRequest",
    "ImportPlanOutput",
    "ImportPlanOutputActionEnum",
    "ImportPlanOutputDiffType0",
    "ImportPlanOutputFields",
    "ImportProblemOutput",
    "ImportResultOutput",
    "ImportResultOutputActionEnum",
    "InputPortOutput",
    "InsightDetailOutput",
    "InsightEventOutput",
    "InsightEventOutputKindEnum",
    "InsightEvidenceOutput",
    "InsightEvidenceOutputFigures",
    "InsightKindEnum",
    "InsightLinkOutput",
    "InsightOutput",
    "InsightSeverityEnum",
    "InsightsListKind",
    "InsightsListState",
    "InsightsListWindow",
    "InsightStateEnum",
    "InspectOutput",
    "InspectOutputSchema",
    "IntrospectOutput",
    "InviteResentOutput",
    "KeepEnum",
    "KeyEnum",
    "LandingPageEnum",
    "LastErrorOutput",
    "LastRunOutput",
    "LastScheduledRun",
    "LastStatusEnum",
    "LatestStepOutput",
    "LevelEnum",
    "LineageEdgeOutput",
    "LineageGraphOutput",
    "LineageImpactRetrieveResponse400",
    "LineagePipelineOutput",
    "LinkedPipelineOutput",
    "MarkReadInputRequest",
    "ModeEnum",
    "MonitoringExportsExecutionsRetrieveFormat",
    "MonitoringExportsStagesRetrieveFormat",
    "MonitoringStagesHistoryRetrieveBucket",
    "Node",
    "NodeChangeOutput",
    "NodeChangeOutputChanges",
    "NodeConfig",
    "NodeRequest",
    "NodeRequestConfig",
    "NodeTypeOutput",
    "NodeTypeOutputConfigSchema",
    "NodeTypeOutputExampleType0",
    "NodeTypesListFamily",
    "NodeTypesListResponse400",
    "NotificationOutput",
    "NotificationsMarkReadCreateResponse200",
    "NotificationsUnreadCountRetrieveResponse200",
    "OfEnum",
    "OfflineRunInputRequest",
    "OffsetConflictOutput",
    "Onboarding",
    "OutcomeEnum",
    "OutputPortOutput",
    "PaginatedAlertList",
    "PaginatedAlertRuleList",
    "PaginatedApiTokenOutputList",
    "PaginatedAuditEventOutputList",
    "PaginatedBackfillOutputList",
    "PaginatedConnectionOutputList",
    "PaginatedDocumentOutputList",
    "PaginatedEventOutputList",
    "PaginatedExecutionDetailOutputList",
    "PaginatedExecutionOutputList",
    "PaginatedFileOutputList",
    "PaginatedInsightOutputList",
    "PaginatedNotificationOutputList",
    "PaginatedPipelineOutputList",
    "PaginatedQualityIssueOutputList",
    "PaginatedQualityResultOutputList",
    "PaginatedReportOutputList",
    "PaginatedRepositoryOutputList",
    "PaginatedScheduleRowList",
    "PaginatedSLABreachOutputList",
    "PaginatedStepLogOutputList",
    "PaginatedSyncOutputList",
    "PaginatedTemplateOutputList",
    "PaginatedTestSummaryOutputList",
    "PaginatedUserOutputList",
    "PaginatedVersionOutputList",
    "PaginatedWorkerOutputList",
    "PatchedAlertRuleRequest",
    "PatchedAlertRuleRequestParams",
    "PatchedConnectionInputRequest",
    "PatchedConnectionInputRequestConfig",
    "PatchedConnectionInputRequestSecrets",
    "PatchedOnboardingPatchRequest",
    "PatchedPipelineInputRequest",
    "PatchedPipelineInputRequestDefaultParams",
    "PatchedPoolUpdateInputRequest",
    "PatchedPreferencesPatchRequest",
    "PatchedQualityIssuePatchInputRequest",
    "PatchedReportInputRequest",
    "PatchedReportInputRequestBlocksItem",
    "PatchedReportInputRequestBlocksItemKind",
    "PatchedReportInputRequestBlocksItemMetricsItem",
    "PatchedReportInputRequestBlocksItemStatusesItem",
    "PatchedRepositoryInputRequest",
    "PatchedTemplateInputRequest",
    "PatchedTemplateInputRequestParameters",
    "PatchedUserPatchInputRequest",
    "PipelineBackendEnum",
    "PipelineDetailOutput",
    "PipelineInputRequest",
    "PipelineInputRequestDefaultParams",
    "PipelineLinkOutput",
    "PipelineLinksOutput",
    "PipelineOutput",
    "PipelineRefOutput",
    "PipelinesCiGithubActionsCreateFormat",
    "PipelinesCiGithubActionsCreateResponse400",
    "PipelinesCreateResponse400",
    "PipelinesDestroyResponse400",
    "PipelinesDryRunCreateResponse200",
    "PipelinesDryRunProfileCreateResponse400",
    "PipelinesExportRetrieveFormat",
    "PipelinesGraphUpdateResponse400",
    "PipelinesLineageRetrieveResponse400",
    "PipelinesListResponse400",
    "PipelinesListStatusItem",
    "PipelinesPartialUpdateResponse400",
    "PipelinesScheduleNextRunsRetrieveResponse200",
    "PipelineStateOutput",
    "PipelineStateOutputPipeline",
    "PipelineStatusEnum",
    "PipelinesTestCreateFormat",
    "PipelinesTestCreateResponse400",
    "PipelinesTestsCreateResponse400",
    "PipelinesTestsDestroyResponse400",
    "PipelinesTestsUpdateResponse400",
    "PipelinesUpdateResponse400",
    "PipelinesValidateCreateResponse400",
    "PipelinesVersionsCreateResponse400",
    "PipelinesVersionsDiffRetrieveResponse400",
    "PoolInputRequest",
    "PoolOutput",
    "Position",
    "PositionRequest",
    "Preferences",
    "PreferencesRequest",
    "PreviewOutput",
    "PreviewOutputPreviewItem",
    "PreviewOutputSchema",
    "ProblemOutput",
    "ProfileLimitsOutput",
    "ProfileOutput",
    "PythonVersionEnum",
    "QualityAssignInputRequest",
    "QualityCommentInputRequest",
    "QualityEntryOutput",
    "QualityEntryOutputKindEnum",
    "QualityIssueDetailOutput",
    "QualityIssueOutput",
    "QualityIssueSeverityEnum",
    "QualityIssuesListStatus",
    "QualityIssueStatusEnum",
    "QualityResolveInputRequest",
    "QualityResultOutput",
    "QualityResultOutputKindEnum",
    "QualityResultOutputSampleItem",
    "QualityResultsExportRetrieveFormat",
    "QualitySummaryDayOutput",
    "QualitySummaryOutput",
    "QuantilesOutput",
    "ReportDetailOutput",
    "ReportDetailOutputBlocksItem",
    "ReportDetailOutputBlocksItemKind",
    "ReportDetailOutputBlocksItemMetricsItem",
    "ReportDetailOutputBlocksItemStatusesItem",
    "ReportInputRequest",
    "ReportInputRequestBlocksItem",
    "ReportInputRequestBlocksItemKind",
    "ReportInputRequestBlocksItemMetricsItem",
    "ReportInputRequestBlocksItemStatusesItem",
    "ReportOutput",
    "ReportOutputBlocksItem",
    "ReportOutputBlocksItemKind",
    "ReportOutputBlocksItemMetricsItem",
    "ReportOutputBlocksItemStatusesItem",
    "ReportsCreateResponse400",
    "ReportsPartialUpdateResponse400",
    "ReportsRenderRetrieveFormat",
    "ReportsRenderRetrieveResponse400",
    "ReportsSendCreateResponse400",
    "ReportsSendCreateResponse429",
    "ReportsUpdateResponse400",
    "RepositoryInputRequest",
    "RepositoryOutput",
    "ResolveInputRequest",
    "ResourcesOutput",
    "RetypedOutput",
    "RoleEnum",
    "RunInputRequest",
    "RunInputRequestParams",
    "RunnerEnum",
    "RunningOutput",
    "ScheduleOutput",
    "ScheduleRow",
    "SchedulesListState",
    "SchemaOutput",
    "SLABreachOutput",
    "SLAInputRequest",
    "SLAOutput",
    "StageFiguresOutput",
    "StageOutput",
    "StagesOutput",
    "StateScheduleOutput",
    "StepLogOutput",
    "StepOutput",
    "StepProfileOutput",
    "StepStatusEnum",
    "SubscriptionInputRequest",
    "SubscriptionOutput",
    "SummaryOutput",
    "SyncOutput",
    "SyncResultOutput",
    "Table",
    "TableOutput",
    "TableRequest",
    "TableRequestRowsItem",
    "TableRequestSchema",
    "TableRequestSchemaAdditionalProperty",
    "TableRowsItem",
    "TableSchema",
    "TableSchemaAdditionalProperty",
    "TemplateApplyInputRequest",
    "TemplateApplyInputRequestParameters",
    "TemplateInputRequest",
    "TemplateInputRequestParameters",
    "TemplateOutput",
    "TemplatesApplyCreateResponse400",
    "TemplatesCreateResponse400",
    "TemplatesDestroyResponse400",
    "TemplatesGenerateCreateFormat",
    "TemplatesGenerateCreateResponse400",
    "TemplatesListResponse400",
    "TemplatesPartialUpdateResponse400",
    "TemplatesUpdateResponse400",
    "TestDetailOutput",
    "TestDetailOutputExpect",
    "TestDetailOutputFixtures",
    "TestDetailOutputParams",
    "TestInputRequest",
    "TestInputRequestExpect",
    "TestInputRequestFixtures",
    "TestInputRequestParams",
    "TestResultOutput",
    "TestRunInputRequest",
    "TestRunOutput",
    "TestsRunCreateFormat",
    "TestsRunCreateResponse400",
    "TestSummaryOutput",
    "ThemeEnum",
    "TimelineOutput",
    "TimelineOutputExecution",
    "TimelineStepOutput",
    "TokenObtainPair",
    "TokenObtainPairRequest",
    "TokenRefresh",
    "TokenRefreshRequest",
    "Tolerances",
    "TolerancesRequest",
    "TopValueOutput",
    "TourStatusEnum",
    "UploadInputRequest",
    "UploadStartInputRequest",
    "UploadStateOutput",
    "UrlFromEnum",
    "UserInvitedOutput",
    "UserInviteInputRequest",
    "UserOutput",
    "UserSessionOutput",
    "UsersListActive",
    "UsersListOrdering",
    "UsersListRole",
    "ValidateCreateResponse400",
    "ValidateInputRequest",
    "ValidateModeEnum",
    "ValidationError",
    "ValidationOutput",
    "ValidationOutputLineage",
    "ValidationOutputLineageAdditionalProperty",
    "ValidationOutputSchemas",
    "ValidationOutputSchemasAdditionalProperty",
    "ValidationOutputSchemasAdditionalPropertyAdditionalProperty",
    "VersionCreateInputRequest",
    "VersionCreateOutput",
    "VersionDetailOutput",
    "VersionOutput",
    "WebhookOutput",
    "WebhookQueuedOutput",
    "WindowEnum",
    "WorkerOutput",
    "WorkerOutputStatusEnum",
    "WorkersListStatus",
    "WorkersOutput",
    "WorkflowInputRequest",
    "WorkflowOutput",
    "WorkflowOutputOptions",
)
