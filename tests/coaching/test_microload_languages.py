"""The engine writes each decision's reason in the person's language, exercise names included
(the reason is stored as written; English where nothing else was chosen)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot import i18n
from bot.coaching.catalogue import Catalogue, load_catalogue
from bot.coaching.microload import TOLD_FLARE, start_flare
from tests.coaching.test_microload import person


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


STEP_UP = {
    "de": "Katzenbuckel und Pferderücken: nächstes Mal 1 Wiederholung mehr (7 Wiederholungen) — "
    "es war zu leicht.",
    "es": "Gato-camello: la próxima vez, 1 repetición más (7 repeticiones) — te resultó "
    "demasiado fácil.",
}
LADDER_BACK = {
    "de": "Eine Stufe zurück auf deiner Leiter, jetzt wieder {drill}: es war zu schwer.",
    "es": "Un paso atrás en tu escalera; ahora, {drill}: te resultó demasiado difícil.",
}
FLARE_ON = {
    "de": "Ich stelle auf sanfte Einheiten für Schub-Tage um (deine leichtesten Bewegungen, "
    "Atmen und ein ruhiger Spaziergang): 2 schwere Morgen in Folge. Sobald sich deine Morgen "
    "beruhigen, bauen wir wieder auf.",
    "es": "Pasamos a sesiones suaves para días de crisis (tus movimientos más fáciles, "
    "respiración y un paseo tranquilo): 2 mañanas difíciles seguidas. Volveremos a avanzar "
    "cuando tus mañanas se calmen.",
}
PLATEAU = {
    "de": "Nächstes Mal nichts Neues: eine Anstrengung von 7 ist mehr, als diese Art von "
    "Training braucht.",
    "es": "La próxima vez, nada nuevo: un esfuerzo de 7 es más de lo que necesita este tipo de "
    "entrenamiento.",
}


@pytest.mark.parametrize("language", ["de", "es"])
def test_a_step_up_in_reps_is_written_in_their_language_with_the_exercise_named_in_it(
    catalogue: Catalogue, language: str
) -> None:
    with i18n.speaking(language):
        p = person(catalogue)
        p.session(["cat_camel"])
        p.morning(2)
        changes = p.session(["cat_camel"], feel="too_easy")
    assert [c.reason for c in changes] == [STEP_UP[language]]
    assert catalogue["cat_camel"].name not in changes[0].reason


@pytest.mark.parametrize("language", ["de", "es"])
def test_a_step_back_down_the_ladder_names_the_drill_in_their_language(
    catalogue: Catalogue, language: str
) -> None:
    p = person(catalogue, transitions=["into_car"])
    p.plan.stages["into_car"] = "partly_loaded"
    drill = catalogue.drill("into_car", "partly_loaded")
    p.plan.loads[drill.id].values = {n: v.floor for n, v in drill.variables.items()}
    with i18n.speaking(language):
        changes = p.session([drill.id], feel="too_hard")
    lower = catalogue.drill("into_car", "supported").speaking(language).name
    assert [(c.kind, c.reason) for c in changes] == [
        ("stage_down", LADDER_BACK[language].format(drill=lower))
    ]


@pytest.mark.parametrize("language", ["de", "es"])
def test_a_flare_start_says_why_in_their_language(catalogue: Catalogue, language: str) -> None:
    with i18n.speaking(language):
        p = person(catalogue)
        p.session(["cat_camel"])
        p.morning(6)
        p.session(["cat_camel"])
        changes = p.morning(6)
    assert [(c.kind, c.reason) for c in changes] == [("flare_on", FLARE_ON[language])]


@pytest.mark.parametrize("language", ["de", "es"])
def test_a_plateau_says_why_in_their_language(catalogue: Catalogue, language: str) -> None:
    with i18n.speaking(language):
        p = person(catalogue)
        p.session(["cat_camel"])
        p.morning(2)
        changes = p.session(["cat_camel"], effort=7)
    assert [(c.kind, c.reason) for c in changes] == [("hold", PLATEAU[language])]


def test_the_flare_someone_declares_is_explained_in_their_language(catalogue: Catalogue) -> None:
    plan = person(catalogue).plan
    with i18n.speaking("de"):
        _plan, changes = start_flare(catalogue, plan, TOLD_FLARE, datetime(2026, 3, 2, tzinfo=UTC))
    assert "du hast mir gesagt, dass du gerade einen Schub hast" in changes[0].reason


def test_reasons_stay_in_english_where_no_language_was_chosen(catalogue: Catalogue) -> None:
    p = person(catalogue)
    p.session(["cat_camel"])
    p.morning(2)
    (change,) = p.session(["cat_camel"], feel="too_easy")
    assert change.reason == "Cat–camel: 1 more rep next time (7 reps) — it felt too easy."
