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
from .column_output import ColumnOutput
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
from .dependency_graph_output import DependencyGraphOutput
from .dependency_input_request import DependencyInputRequest
from .dependency_output import DependencyOutput
from .diff_output import DiffOutput
from .dry_run_input_request import DryRunInputRequest
from .dry_run_input_request_inject import DryRunInputRequestInject
from .dry_run_input_request_inject_additional_property_item import DryRunInputRequestInjectAdditionalPropertyItem
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
from .executions_list_status_item import ExecutionsListStatusItem
from .executions_list_trigger_item import ExecutionsListTriggerItem
from .executions_logs_list_level import ExecutionsLogsListLevel
from .export_output import ExportOutput
from .export_output_params import ExportOutputParams
from .failing_node_output import FailingNodeOutput
from .failing_pipeline_output import FailingPipelineOutput
from .family_enum import FamilyEnum
from .file_output import FileOutput
from .files_create_response_400 import FilesCreateResponse400
from .files_list_response_400 import FilesListResponse400
from .files_uploads_complete_create_response_400 import FilesUploadsCompleteCreateResponse400
from .files_uploads_create_response_400 import FilesUploadsCreateResponse400
from .files_uploads_update_response_400 import FilesUploadsUpdateResponse400
from .graph import Graph
from .graph_edge_output import GraphEdgeOutput
from .graph_input_request import GraphInputRequest
from .graph_node_output import GraphNodeOutput
from .graph_node_output_position import GraphNodeOutputPosition
from .graph_request import GraphRequest
from .graph_save_output import GraphSaveOutput
from .graph_validate_input_request import GraphValidateInputRequest
from .health_enum import HealthEnum
from .history_output import HistoryOutput
from .history_point_output import HistoryPointOutput
from .host_sample_output import HostSampleOutput
from .host_series_output import HostSeriesOutput
from .input_port_output import InputPortOutput
from .inspect_output import InspectOutput
from .inspect_output_schema import InspectOutputSchema
from .introspect_output import IntrospectOutput
from .last_error_output import LastErrorOutput
from .last_run_output import LastRunOutput
from .latest_step_output import LatestStepOutput
from .level_enum import LevelEnum
from .linked_pipeline_output import LinkedPipelineOutput
from .mark_read_input_request import MarkReadInputRequest
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
from .offset_conflict_output import OffsetConflictOutput
from .output_port_output import OutputPortOutput
from .paginated_alert_list import PaginatedAlertList
from .paginated_alert_rule_list import PaginatedAlertRuleList
from .paginated_connection_output_list import PaginatedConnectionOutputList
from .paginated_event_output_list import PaginatedEventOutputList
from .paginated_execution_detail_output_list import PaginatedExecutionDetailOutputList
from .paginated_execution_output_list import PaginatedExecutionOutputList
from .paginated_file_output_list import PaginatedFileOutputList
from .paginated_notification_output_list import PaginatedNotificationOutputList
from .paginated_pipeline_output_list import PaginatedPipelineOutputList
from .paginated_step_log_output_list import PaginatedStepLogOutputList
from .paginated_template_output_list import PaginatedTemplateOutputList
from .paginated_version_output_list import PaginatedVersionOutputList
from .paginated_worker_output_list import PaginatedWorkerOutputList
from .patched_alert_rule_request import PatchedAlertRuleRequest
from .patched_alert_rule_request_params import PatchedAlertRuleRequestParams
from .patched_connection_input_request import PatchedConnectionInputRequest
from .patched_connection_input_request_config import PatchedConnectionInputRequestConfig
from .patched_connection_input_request_secrets import PatchedConnectionInputRequestSecrets
from .patched_pipeline_input_request import PatchedPipelineInputRequest
from .patched_pipeline_input_request_default_params import PatchedPipelineInputRequestDefaultParams
from .patched_template_input_request import PatchedTemplateInputRequest
from .patched_template_input_request_parameters import PatchedTemplateInputRequestParameters
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
from .pipelines_create_response_400 import PipelinesCreateResponse400
from .pipelines_destroy_response_400 import PipelinesDestroyResponse400
from .pipelines_dry_run_create_response_200 import PipelinesDryRunCreateResponse200
from .pipelines_export_retrieve_format import PipelinesExportRetrieveFormat
from .pipelines_graph_update_response_400 import PipelinesGraphUpdateResponse400
from .pipelines_list_response_400 import PipelinesListResponse400
from .pipelines_list_status_item import PipelinesListStatusItem
from .pipelines_partial_update_response_400 import PipelinesPartialUpdateResponse400
from .pipelines_schedule_next_runs_retrieve_response_200 import PipelinesScheduleNextRunsRetrieveResponse200
from .pipelines_update_response_400 import PipelinesUpdateResponse400
from .pipelines_validate_create_response_400 import PipelinesValidateCreateResponse400
from .pipelines_versions_create_response_400 import PipelinesVersionsCreateResponse400
from .pipelines_versions_diff_retrieve_response_400 import PipelinesVersionsDiffRetrieveResponse400
from .position import Position
from .position_request import PositionRequest
from .preview_output import PreviewOutput
from .preview_output_preview_item import PreviewOutputPreviewItem
from .preview_output_schema import PreviewOutputSchema
from .problem_output import ProblemOutput
from .resources_output import ResourcesOutput
from .run_input_request import RunInputRequest
from .run_input_request_params import RunInputRequestParams
from .running_output import RunningOutput
from .schedule_output import ScheduleOutput
from .schema_output import SchemaOutput
from .stage_figures_output import StageFiguresOutput
from .stage_output import StageOutput
from .stages_output import StagesOutput
from .state_schedule_output import StateScheduleOutput
from .step_log_output import StepLogOutput
from .step_output import StepOutput
from .step_status_enum import StepStatusEnum
from .subscription_input_request import SubscriptionInputRequest
from .subscription_output import SubscriptionOutput
from .summary_output import SummaryOutput
from .table_output import TableOutput
from .template_apply_input_request import TemplateApplyInputRequest
from .template_apply_input_request_parameters import TemplateApplyInputRequestParameters
from .template_input_request import TemplateInputRequest
from .template_input_request_parameters import TemplateInputRequestParameters
from .template_output import TemplateOutput
from .templates_apply_create_response_400 import TemplatesApplyCreateResponse400
from .templates_create_response_400 import TemplatesCreateResponse400
from .templates_destroy_response_400 import TemplatesDestroyResponse400
from .templates_list_response_400 import TemplatesListResponse400
from .templates_partial_update_response_400 import TemplatesPartialUpdateResponse400
from .templates_update_response_400 import TemplatesUpdateResponse400
from .timeline_output import TimelineOutput
from .timeline_output_execution import TimelineOutputExecution
from .timeline_step_output import TimelineStepOutput
from .token_obtain_pair import TokenObtainPair
from .token_obtain_pair_request import TokenObtainPairRequest
from .token_refresh import TokenRefresh
from .token_refresh_request import TokenRefreshRequest
from .trigger_enum import TriggerEnum
from .upload_input_request import UploadInputRequest
from .upload_start_input_request import UploadStartInputRequest
from .upload_state_output import UploadStateOutput
from .validate_create_response_400 import ValidateCreateResponse400
from .validate_input_request import ValidateInputRequest
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
from .worker_output import WorkerOutput
from .worker_output_status_enum import WorkerOutputStatusEnum
from .workers_list_status import WorkersListStatus
from .workers_output import WorkersOutput

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
    "ColumnOutput",
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
    "DependencyGraphOutput",
    "DependencyInputRequest",
    "DependencyOutput",
    "DiffOutput",
    "DryRunInputRequest",
    "DryRunInputRequestInject",
    "DryRunInputRequestInjectAdditionalPropertyItem",
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
    "ExecutionStatusEnum",
    "ExportOutput",
    "ExportOutputParams",
    "FailingNodeOutput",
    "FailingPipelineOutput",
    "FamilyEnum",
    "FileOutput",
    "FilesCreateResponse400",
    "FilesListResponse400",
    "FilesUploadsCompleteCreateResponse400",
    "FilesUploadsCreateResponse400",
    "FilesUploadsUpdateResponse400",
    "Graph",
    "GraphEdgeOutput",
    "GraphInputRequest",
    "GraphNodeOutput",
    "GraphNodeOutputPosition",
    "GraphRequest",
    "GraphSaveOutput",
    "GraphValidateInputRequest",
    "HealthEnum",
    "HistoryOutput",
    "HistoryPointOutput",
    "HostSampleOutput",
    "HostSeriesOutput",
    "InputPortOutput",
    "InspectOutput",
    "InspectOutputSchema",
    "IntrospectOutput",
    "LastErrorOutput",
    "LastRunOutput",
    "LatestStepOutput",
    "LevelEnum",
    "LinkedPipelineOutput",
    "MarkReadInputRequest",
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
    "OffsetConflictOutput",
    "OutputPortOutput",
    "PaginatedAlertList",
    "PaginatedAlertRuleList",
    "PaginatedConnectionOutputList",
    "PaginatedEventOutputList",
    "PaginatedExecutionDetailOutputList",
    "PaginatedExecutionOutputList",
    "PaginatedFileOutputList",
    "PaginatedNotificationOutputList",
    "PaginatedPipelineOutputList",
    "PaginatedStepLogOutputList",
    "PaginatedTemplateOutputList",
    "PaginatedVersionOutputList",
    "PaginatedWorkerOutputList",
    "PatchedAlertRuleRequest",
    "PatchedAlertRuleRequestParams",
    "PatchedConnectionInputRequest",
    "PatchedConnectionInputRequestConfig",
    "PatchedConnectionInputRequestSecrets",
    "PatchedPipelineInputRequest",
    "PatchedPipelineInputRequestDefaultParams",
    "PatchedTemplateInputRequest",
    "PatchedTemplateInputRequestParameters",
    "PipelineDetailOutput",
    "PipelineInputRequest",
    "PipelineInputRequestDefaultParams",
    "PipelineLinkOutput",
    "PipelineLinksOutput",
    "PipelineOutput",
    "PipelineRefOutput",
    "PipelinesCreateResponse400",
    "PipelinesDestroyResponse400",
    "PipelinesDryRunCreateResponse200",
    "PipelinesExportRetrieveFormat",
    "PipelinesGraphUpdateResponse400",
    "PipelinesListResponse400",
    "PipelinesListStatusItem",
    "PipelinesPartialUpdateResponse400",
    "PipelinesScheduleNextRunsRetrieveResponse200",
    "PipelineStateOutput",
    "PipelineStateOutputPipeline",
    "PipelineStatusEnum",
    "PipelinesUpdateResponse400",
    "PipelinesValidateCreateResponse400",
    "PipelinesVersionsCreateResponse400",
    "PipelinesVersionsDiffRetrieveResponse400",
    "Position",
    "PositionRequest",
    "PreviewOutput",
    "PreviewOutputPreviewItem",
    "PreviewOutputSchema",
    "ProblemOutput",
    "ResourcesOutput",
    "RunInputRequest",
    "RunInputRequestParams",
    "RunningOutput",
    "ScheduleOutput",
    "SchemaOutput",
    "StageFiguresOutput",
    "StageOutput",
    "StagesOutput",
    "StateScheduleOutput",
    "StepLogOutput",
    "StepOutput",
    "StepStatusEnum",
    "SubscriptionInputRequest",
    "SubscriptionOutput",
    "SummaryOutput",
    "TableOutput",
    "TemplateApplyInputRequest",
    "TemplateApplyInputRequestParameters",
    "TemplateInputRequest",
    "TemplateInputRequestParameters",
    "TemplateOutput",
    "TemplatesApplyCreateResponse400",
    "TemplatesCreateResponse400",
    "TemplatesDestroyResponse400",
    "TemplatesListResponse400",
    "TemplatesPartialUpdateResponse400",
    "TemplatesUpdateResponse400",
    "TimelineOutput",
    "TimelineOutputExecution",
    "TimelineStepOutput",
    "TokenObtainPair",
    "TokenObtainPairRequest",
    "TokenRefresh",
    "TokenRefreshRequest",
    "TriggerEnum",
    "UploadInputRequest",
    "UploadStartInputRequest",
    "UploadStateOutput",
    "ValidateCreateResponse400",
    "ValidateInputRequest",
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
    "WorkerOutput",
    "WorkerOutputStatusEnum",
    "WorkersListStatus",
    "WorkersOutput",
)
