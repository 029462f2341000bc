from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.insight_evidence_output_figures import InsightEvidenceOutputFigures
  from ..models.insight_link_output import InsightLinkOutput





T = TypeVar("T", bound="InsightEvidenceOutput")



@_attrs_define
class InsightEvidenceOutput:
    """ 
        Attributes:
            runs (list[int]): Ids of the runs behind the finding.
            links (list[InsightLinkOutput]):
            figures (InsightEvidenceOutputFigures): The numbers the finding rests on (docs/insights.md, per kind).
     """

    runs: list[int]
    links: list[InsightLinkOutput]
    figures: InsightEvidenceOutputFigures
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.insight_evidence_output_figures import InsightEvidenceOutputFigures # noqa: PLC0415
        from ..models.insight_link_output import InsightLinkOutput # noqa: PLC0415
        runs = self.runs



        links = []
        for links_item_data in self.links:
            links_item = links_item_data.to_dict()
            links.append(links_item)



        figures = self.figures.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "runs": runs,
            "links": links,
            "figures": figures,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.insight_evidence_output_figures import InsightEvidenceOutputFigures # noqa: PLC0415
        from ..models.insight_link_output import InsightLinkOutput # noqa: PLC0415
        d = dict(src_dict)
        runs = cast(list[int], d.pop("runs"))


        links = []
        _links = d.pop("links")
        for links_item_data in (_links):
            links_item = InsightLinkOutput.from_dict(links_item_data)



            links.append(links_item)


        figures = InsightEvidenceOutputFigures.from_dict(d.pop("figures"))




        insight_evidence_output = cls(
            runs=runs,
            links=links,
            figures=figures,
        )


        insight_evidence_output.additional_properties = d
        return insight_evidence_output

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
