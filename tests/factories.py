"""factory-boy factories for the suite."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from pipelines.models import Connection, Edge, Node, Pipeline, PipelineTemplate

User = get_user_model()

# A small valid graph: a CSV file through a filter into a CSV file.
SIMPLE_GRAPH = {
    "nodes": [
        {
            "key": "src",
            "type": "source.file",
            "config": {"path": "in.csv", "format": "csv"},
            "position": {"x": 0, "y": 0},
        },
        {
            "key": "keep",
            "type": "transform.filter",
            "config": {"condition": "amount > 0"},
            "position": {"x": 200, "y": 0},
        },
        {
            "key": "dst",
            "type": "destination.file",
            "config": {"path": "out/result.csv", "format": "csv"},
            "position": {"x": 400, "y": 0},
        },
    ],
    "edges": [
        {"source": "src", "source_port": "out", "target": "keep", "target_port": "in"},
        {"source": "keep", "source_port": "out", "target": "dst", "target_port": "in"},
    ],
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: transactional tests flush the groups that migration 0002 created.
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])
        if create:
            self.save()


class PipelineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pipeline

    name = factory.Sequence(lambda n: f"Pipeline {n}")
    slug = factory.Sequence(lambda n: f"pipeline-{n}")
    owner = factory.SubFactory(UserFactory, role="editor")


class NodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Node

    pipeline = factory.SubFactory(PipelineFactory)
    key = factory.Sequence(lambda n: f"node_{n}")
    type = "transform.limit"
    config = factory.LazyFunction(lambda: {"n": 10})


class EdgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edge

    pipeline = factory.SubFactory(PipelineFactory)
    source = factory.SubFactory(NodeFactory, pipeline=factory.SelfAttribute("..pipeline"))
    target = factory.SubFactory(NodeFactory, pipeline=factory.SelfAttribute("..pipeline"))


class TemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PipelineTemplate

    name = factory.Sequence(lambda n: f"Template {n}")
    slug = factory.Sequence(lambda n: f"template-{n}")
    category = "examples"
    graph = factory.LazyFunction(lambda: SIMPLE_GRAPH)
    parameters = factory.LazyFunction(dict)


class ConnectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Connection

    name = factory.Sequence(lambda n: f"Connection {n}")
    slug = factory.Sequence(lambda n: f"connection-{n}")
    kind = Connection.Kind.POSTGRESQL
    config = factory.LazyFunction(lambda: {"host": "127.0.0.1", "port": 5432, "database": "test", "user": "postgres"})
    owner = factory.SubFactory(UserFactory, role="editor")
