from pipelines.models.connection import Connection
from pipelines.models.graph import Edge, Node
from pipelines.models.pipeline import Pipeline, Tag
from pipelines.models.template import PipelineTemplate
from pipelines.models.testcase import PipelineTest
from pipelines.models.version import PipelineVersion

__all__ = ["Connection", "Edge", "Node", "Pipeline", "PipelineTemplate", "PipelineTest", "PipelineVersion", "Tag"]
