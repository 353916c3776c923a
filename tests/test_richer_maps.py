"""Richer maps (issue 15): several personas, future states, blueprint lanes and linked journeys.

Every new field has a happy path and a located error: the error names the file,
the line and column of the offending value, the author's terms for where it is,
and (for references) the closest id that exists.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from journeymap.model.journey import Journey
from journeymap.validate import validate_paths
from lint_helpers import EMPLOYEE

CONFIG = 'files: ["*.yaml"]\nexclude: [journeymap.yaml]\n'
PERSONAS = {
    "sam.yaml": "kind: persona\nid: sam\nname: Sam, social media manager\n",
    "dana.yaml": "kind: persona\nid: dana\nname: Dana, marketing director\n",
}


def journey(steps: str, head: str = "", journey_id: str = "buyer") -> str:
    """A small map with personas sam and dana whose one stage has ``steps`` (YAML lines)."""
    return (
        f"kind: journey\nid: {journey_id}\ntitle: Buyer\npersonas: [sam, dana]\n{head}"
        "stages:\n  - id: buy\n    name: Decide and buy\n    phase: purchase\n    steps:\n"
        + textwrap.indent(textwrap.dedent(steps).strip("\n") + "\n", "      ")
    )


def run(tmp_path: Path, files: dict[str, str]):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "journeymap.yaml").write_text(CONFIG)
    for name, text in {**PERSONAS, **files}.items():
        (root / name).write_text(text)
    return root, validate_paths([root])


def core(findings, code: str) -> list:
    return [f for f in findings if f.code == code]


def at(root: Path, finding) -> str:
    """The source line a finding points at."""
    return (root / Path(finding.path).name).read_text().splitlines()[finding.line - 1]


# --- several personas ----------------------------------------------------------------


def test_emotion_is_one_number_or_one_number_per_persona(tmp_path):
    _, result = run(
        tmp_path,
        {
            "j.yaml": journey(
                """
                - {id: case, name: Builds the business case, emotion: {sam: -1, dana: 1}}
                - {id: sign, name: Signs, emotion: 1}
                """
            )
        },
    )
    assert core(result.findings, "JM002") == core(result.findings, "JM004") == []
    model = Journey.model_validate(yaml.safe_load((tmp_path / "ws" / "j.yaml").read_text()))
    case, sign = model.stages[0].steps
    assert case.emotion_of("sam") == -1 and case.emotion_of("dana") == 1
    assert case.lowest_emotion() == -1 and case.emotion_of() is None
    assert sign.emotion_of("sam") == sign.emotion_of() == 1


def test_emotion_for_a_persona_not_on_the_map_is_a_located_reference_error(tmp_path):
    root, result = run(
        tmp_path,
        {"j.yaml": journey("- {id: case, name: Builds the case, emotion: {sam: -1, dnaa: 1}}")},
    )
    (finding,) = core(result.findings, "JM004")
    assert "emotion › dnaa" in finding.message and "persona of this journey" in finding.message
    assert finding.hint == "Did you mean 'dana'?"
    assert at(root, finding)[finding.column - 1 :].startswith("dnaa")


def test_emotion_per_persona_out_of_range_is_a_located_schema_error(tmp_path):
    root, result = run(
        tmp_path, {"j.yaml": journey("- {id: case, name: Builds the case, emotion: {sam: 3}}")}
    )
    (finding,) = core(result.findings, "JM002")
    assert "step 'Builds the case' › emotion › sam" in finding.message
    assert "(got 3)" in finding.message
    assert at(root, finding)[finding.column - 1 :].startswith("3")


def test_emotion_of_the_wrong_shape_names_the_form_written(tmp_path):
    _, result = run(
        tmp_path,
        {
            "j.yaml": journey(
                """
                - {id: a, name: Reads the pricing page, emotion: very bad}
                - {id: b, name: Books a demo, emotion: 5}
                - {id: c, name: Signs, emotion: {}}
                """
            )
        },
    )
    messages = sorted(f.message for f in core(result.findings, "JM002"))
    assert any(
        "step 'Reads the pricing page' › emotion: must be a whole number" in m for m in messages
    )
    assert any(
        "step 'Books a demo' › emotion: must be between -2 and 2 (got 5)" in m for m in messages
    )
    assert any("step 'Signs' › emotion" in m for m in messages)
    assert not any("emotion-number" in m or "emotion-by-persona" in m for m in messages)


def test_old_files_with_one_number_and_no_state_load_unchanged(examples):
    path = examples / "brightpost" / "journeys" / "social-media-manager.yaml"
    model = Journey.model_validate(yaml.safe_load(path.read_text()))
    assert model.state == "current" and model.based_on is None
    assert all(
        step.emotion is None or isinstance(step.emotion, int)
        for _, _, _, step in model.iter_steps()
    )


# --- current vs future state ----------------------------------------------------------


def test_future_state_based_on_a_current_state_journey(tmp_path):
    current = journey("- {id: sign, name: Signs the order form, emotion: -1}")
    future = journey(
        "- {id: sign, name: Signs the order form, emotion: 1}",
        head="state: future\nbased_on: buyer\n",
        journey_id="buyer-2027",
    )
    _, result = run(tmp_path, {"a.yaml": current, "b.yaml": future})
    assert core(result.findings, "JM004") == core(result.findings, "JM002") == []


def test_based_on_an_unknown_journey_is_located_with_a_suggestion(tmp_path):
    future = journey(
        "- {id: sign, name: Signs}", head="state: future\nbased_on: buyr\n", journey_id="b2"
    )
    root, result = run(tmp_path, {"a.yaml": journey("- {id: sign, name: Signs}"), "b.yaml": future})
    (finding,) = core(result.findings, "JM004")
    assert finding.message == "based_on: unknown journey 'buyr'"
    assert finding.hint == "Did you mean 'buyer'?"
    assert at(root, finding).startswith("based_on: buyr")


def test_based_on_a_future_state_is_refused(tmp_path):
    one = journey("- {id: s, name: Signs}", head="state: future\n", journey_id="one")
    two = journey("- {id: s, name: Signs}", head="state: future\nbased_on: one\n", journey_id="two")
    root, result = run(tmp_path, {"one.yaml": one, "two.yaml": two})
    (finding,) = core(result.findings, "JM004")
    assert "'one' is a future-state journey" in finding.message
    assert finding.path.endswith("two.yaml") and at(root, finding).startswith("based_on")


def test_a_journey_based_on_itself_is_told_so(tmp_path):
    today = journey("- {id: sign, name: Signs}")
    future = journey(
        "- {id: s, name: Signs}", head="state: future\nbased_on: b2\n", journey_id="b2"
    )
    root, result = run(tmp_path, {"a.yaml": today, "b.yaml": future})
    (finding,) = core(result.findings, "JM004")
    assert finding.message.startswith("based_on: 'b2' is this journey itself;")
    assert finding.hint == "Current-state journeys in this workspace: buyer"
    assert at(root, finding).startswith("based_on: b2")


def test_state_must_be_current_or_future(tmp_path):
    _, result = run(tmp_path, {"j.yaml": journey("- {id: s, name: S}", head="state: tobe\n")})
    (finding,) = core(result.findings, "JM002")
    assert "state: must be one of: current, future (got 'tobe')" in finding.message


# --- blueprint lanes ------------------------------------------------------------------


def test_blueprint_lanes_are_lists_of_text(tmp_path):
    step = """
    - id: case
      name: Builds the business case
      backstage: [Sales engineer prepares the ROI model]
      support: [CRM opportunity record, pricing approval workflow]
      systems: [Salesforce, DocuSign]
    """
    _, result = run(tmp_path, {"j.yaml": journey(step)})
    assert core(result.findings, "JM002") == []


@pytest.mark.parametrize("lane", ["backstage", "support", "systems"])
def test_a_lane_that_is_not_a_list_of_text_is_located(tmp_path, lane):
    root, result = run(tmp_path, {"j.yaml": journey(f"- {{id: s, name: Signs, {lane}: 12}}")})
    (finding,) = core(result.findings, "JM002")
    assert f"step 'Signs' › {lane}: must be a list" in finding.message
    assert at(root, finding)[finding.column - 1 :].startswith("12")


# --- linked journeys ------------------------------------------------------------------


def test_employee_step_links_a_step_of_an_employee_journey(tmp_path):
    step = "- {id: renew, name: Gets the renewal call, employee_step: csm/prep-renewal}"
    _, result = run(tmp_path, {"j.yaml": journey(step), "csm.yaml": EMPLOYEE})
    assert core(result.findings, "JM004") == []


@pytest.mark.parametrize(
    ("reference", "message", "hint"),
    [
        (
            "csm/prep-renewl",
            "unknown step of the employee journey 'csm/prep-renewl'",
            "Did you mean 'csm/prep-renewal'?",
        ),
        (
            "cms/prep-renewal",
            "unknown employee journey in the step reference 'cms/prep-renewal'",
            "Did you mean 'csm/prep-renewal'?",
        ),
        (
            "buyer/renew",
            "unknown employee journey (audience: employee) in the step reference 'buyer/renew'",
            None,
        ),
    ],
)
def test_employee_step_that_lands_nowhere_is_located(tmp_path, reference, message, hint):
    step = f"- {{id: renew, name: Gets the renewal call, employee_step: {reference}}}"
    root, result = run(tmp_path, {"j.yaml": journey(step), "csm.yaml": EMPLOYEE})
    (finding,) = core(result.findings, "JM004")
    assert (
        finding.message
        == f"stage 'Decide and buy' › step 'Gets the renewal call' › employee_step: {message}"
    )
    if hint:
        assert finding.hint == hint
    assert at(root, finding)[finding.column - 1 :].startswith(reference)


def test_employee_step_must_be_journey_slash_step(tmp_path):
    step = "- {id: renew, name: Gets the renewal call, employee_step: prep-renewal}"
    _, result = run(tmp_path, {"j.yaml": journey(step), "csm.yaml": EMPLOYEE})
    (finding,) = core(result.findings, "JM002")
    assert "employee_step" in finding.message


def test_sub_journey_link(tmp_path):
    review = journey("- {id: questionnaire, name: Sends the questionnaire}", journey_id="review")
    step = "- {id: wait, name: Waits for the security review, journey: review}"
    _, result = run(tmp_path, {"j.yaml": journey(step), "review.yaml": review})
    assert core(result.findings, "JM004") == core(result.findings, "JM006") == []


def test_unknown_sub_journey_is_located_with_a_suggestion(tmp_path):
    review = journey("- {id: questionnaire, name: Sends the questionnaire}", journey_id="review")
    step = "- {id: wait, name: Waits for the security review, journey: reveiw}"
    root, result = run(tmp_path, {"j.yaml": journey(step), "review.yaml": review})
    (finding,) = core(result.findings, "JM004")
    assert finding.message.endswith("› journey: unknown journey 'reveiw'")
    assert finding.hint == "Did you mean 'review'?"
    assert at(root, finding)[finding.column - 1 :].startswith("reveiw")


def test_a_cycle_of_sub_journeys_is_refused_once_at_the_step_that_closes_it(tmp_path, cli):
    a = journey("- {id: wait, name: Waits for the review, journey: review}", journey_id="a")
    review = journey("- {id: back, name: Goes back to the buyer, journey: a}", journey_id="review")
    root, result = run(tmp_path, {"a.yaml": a, "review.yaml": review})
    (finding,) = core(result.findings, "JM006")
    assert "sub-journeys form a cycle: a → review → a" in finding.message
    assert finding.severity == "error"
    assert at(root, finding)[finding.column - 1 :].startswith("a}")
    assert result.exit_code() != 0
    shown = cli("validate", str(root))
    assert shown.exit_code != 0 and "JM006" in shown.stdout


def test_a_step_that_zooms_into_its_own_journey_is_a_cycle(tmp_path):
    a = journey("- {id: wait, name: Waits, journey: a}", journey_id="a")
    _, result = run(tmp_path, {"a.yaml": a})
    (finding,) = core(result.findings, "JM006")
    assert "cycle: a → a" in finding.message


def test_a_long_chain_of_sub_journeys_is_not_a_cycle(tmp_path):
    files = {
        f"j{i}.yaml": journey(
            f"- {{id: s, name: Step, journey: j{i + 1}}}" if i < 300 else "- {id: s, name: Step}",
            journey_id=f"j{i}",
        )
        for i in range(301)
    }
    _, result = run(tmp_path, files)
    assert core(result.findings, "JM006") == core(result.findings, "JM004") == []


def test_the_examples_show_every_new_capability(examples):
    journeys = [
        Journey.model_validate(yaml.safe_load(path.read_text()))
        for path in sorted((examples / "brightpost" / "journeys").glob("*.yaml"))
    ]
    steps = [step for journey in journeys for _, _, _, step in journey.iter_steps()]
    assert any(isinstance(step.emotion, dict) for step in steps)
    assert any(journey.state == "future" and journey.based_on for journey in journeys)
    assert any(step.backstage and step.support and step.systems for step in steps)
    assert any(step.journey == "security-review" for step in steps)
    assert any(step.employee_step for step in steps)
