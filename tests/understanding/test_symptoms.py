"""Warning signs typed in people's own words: what each must be read as, and the figures over
the labelled corpus (tests/understanding/symptom_corpus.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.coaching.catalogue import default_data_dir
from bot.understanding.recall import load_corpus, measure
from bot.understanding.symptoms import Symptoms, load_symptoms

CORPUS = Path(__file__).parent / "symptom_corpus.yaml"
SOURCES = ("NG59", "CKS", "NHS", "NHSCES", "GIRFT", "IFOMPT")


@pytest.fixture(scope="module")
def symptoms() -> Symptoms:
    return load_symptoms(default_data_dir())


READINGS = [
    # a symptom in a place, whatever the words in between ("and" splits nothing)
    ("pins and needles in both legs", "urgent", "both_legs"),
    ("Pins n needles in BOTH my feet!!", "urgent", "both_legs"),
    ("my bum's gone numb", "urgent", "saddle"),
    ("my butt is numb", "urgent", "saddle"),
    ("can't feel the toilet paper when I wipe", "urgent", "saddle"),
    ("my private parts feel numb", "urgent", "saddle"),
    ("i cant go number one", "urgent", "bladder_bowel"),
    ("can't wee since this morning", "urgent", "bladder_bowel"),
    ("i wet myself and didnt notice", "urgent", "bladder_bowel"),
    ("I have chest pain", "urgent", "chest_pain"),
    ("fell off a ladder this morning", "urgent", "serious_accident"),
    # typos
    ("numbess in my groin", "urgent", "saddle"),
    ("pins and needels in both legs", "urgent", "both_legs"),
    ("cheast pain", "urgent", "chest_pain"),
    ("incontinant since friday", "urgent", "bladder_bowel"),
    # the sign in the middle of a longer message, or in the answer to a rating
    ("Morning! Pain is 4. Also my groin feels kind of numb which is new", "urgent", "saddle"),
    ("4, and I can't feel my bum", "urgent", "saddle"),
    # one leg is not both legs; one leg getting weaker or a dragging foot is urgent (the screen's
    # one_leg_weakening), one leg's numbness that spreads is "soon"
    ("my left leg is getting weaker every day", "urgent", "one_leg_weakening"),
    ("my foot keeps dragging when I walk", "urgent", "one_leg_weakening"),
    ("my foot slaps the floor when I walk", "urgent", "one_leg_weakening"),
    ("tingling in my left leg that is spreading", "soon", "one_leg"),
    ("my left leg is numb", "none", None),
    ("my left thigh is numb", "none", None),  # "thigh" is never "corrected" to "thighs"
    ("one of my legs is getting weaker", "urgent", "one_leg_weakening"),
    ("my leg's giving way more and more", "urgent", "one_leg_weakening"),  # "leg's" is not "legs"
    ("my left and right leg are both numb", "urgent", "both_legs"),
    # see a doctor soon
    ("I have a fever and my back hurts", "soon", "fever"),
    ("lost 6 kilos without trying", "soon", "weight_loss"),
    ("I had breast cancer and now my back hurts", "soon", "cancer"),
    ("pain wakes me up every night", "soon", "night_pain"),
    # denied, over, about someone else, harmless, or years of the same: no sign
    ("no numbness at all", "none", None),
    ("no numbness at all, just stiff", "none", None),
    ("I don't have any bladder problems", "none", None),
    ("no numbness, tingling or weakness in my legs", "none", None),
    ("the numbness in my legs has gone now", "none", None),
    ("my friend had back surgery", "none", None),
    ("my dad had cancer", "none", None),
    ("my hand went numb from sleeping on it", "none", None),
    ("my legs are tired after the gym", "none", None),
    ("I need to pee, back in a minute", "none", None),
    ("I nearly wet myself laughing", "none", None),
    ("I've had numbness in both feet for years, my doctor knows", "none", None),
    ("I've had tingling in both legs for years but now it's much worse", "urgent", "both_legs"),
    ("the ladder exercise is hard", "none", None),
    ("I need to cancel today", "none", None),
    # concepts, however worded: retention, the loo, chest pain that spreads, falls, night, age
    ("haven't passed urine since yesterday", "urgent", "bladder_bowel"),
    ("been on the toilet ages and not a drop", "urgent", "bladder_bowel"),
    ("no sensation when I go to the loo", "urgent", "bladder_bowel"),
    ("numb when wiping", "urgent", "saddle"),
    ("pain in chest spreading to my left arm", "urgent", "chest_pain"),
    ("slipped off a ladder onto concrete", "urgent", "serious_accident"),
    ("tumbled down the whole stairs", "urgent", "serious_accident"),
    ("I need to pee but it wont come", "urgent", "bladder_bowel"),
    ("I can no longer feel when I need to wee", "urgent", "bladder_bowel"),
    ("I no longer feel my legs go numb", "none", None),
    ("I tripped on the kerb but I'm fine, didn't hurt anything", "none", None),
    ("I can't sleep for the pain every night", "soon", "night_pain"),
    ("it doesn't ease whatever position I lie in", "soon", "night_pain"),
    ("the baby wakes me every night", "none", None),
    ("the pain never goes, even when resting", "soon", "night_pain"),
    ("the pain never goes past my knee", "none", None),
    ("pain high up between my shoulders", "soon", "upper_back"),
    ("I'm over 70 and this back pain came on suddenly", "soon", "age_at_onset"),
    ("I'm 52 and have had the same back pain for 20 years", "none", None),
    # one leg's weakness that is not a sign: a muscle, a known cause, a near trip
    ("weak hamstrings on my left side", "none", None),
    ("my left leg is weak, same as always since my stroke", "none", None),
    ("my foot caught on the rug and I nearly tripped lol", "none", None),
    ("my undercarriage feels numb", "urgent", "saddle"),
    ("I didnt know I needed a poo until it was too late", "urgent", "bladder_bowel"),
    ("my junk is numb after cycling", "none", None),
    # over in the next clause that points back, or always the same
    ("my leg felt a bit weak this morning but its fine now", "none", None),
    ("both legs numb, they are not back to normal", "urgent", "both_legs"),
    ("my right leg is weaker than my left, always has been", "none", None),
    # everyday words that only sound like a sign
    ("my chest is tight from a cold", "none", None),
    ("my legs are dead after the spin class", "none", None),
    ("my knees are weak when I see my crush haha", "none", None),
    ("nearly fell off the ladder but didnt", "none", None),
    # the past, then now: "years ago" reaches no further than a word of now
    ("I had cancer years ago and now my legs are going numb", "urgent", "both_legs"),
    # wondered about, or long ago: asked, not acted on
    ("what if I lose bladder control?", "ask", "bladder_bowel"),
    ("I used to have bladder problems years ago", "ask", "bladder_bowel"),
    ("I had a car accident 15 years ago, all fine since", "none", None),
]


@pytest.mark.parametrize(("text", "level", "sign"), READINGS)
def test_a_typed_message_is_read_for_the_warning_sign_it_states(
    symptoms: Symptoms, text: str, level: str, sign: str | None
) -> None:
    found = symptoms.read(text)
    assert (found.level, found.sign) == (level, sign)


@pytest.mark.parametrize(
    "corpus", ["symptom_corpus", "symptom_heldout", "symptom_lead", "symptom_fresh"]
)
def test_every_corpus_meets_the_targets(symptoms: Symptoms, corpus: str) -> None:
    figures = measure(symptoms, load_corpus(CORPUS.with_name(f"{corpus}.yaml")))
    assert sum(figures.counts.values()) >= 80
    assert figures.recall("urgent") == 1.0, figures.misses
    assert figures.recall("soon") >= 0.9, figures.misses
    assert figures.false_urgent_rate() <= 0.05, figures.misses


def test_every_sign_names_its_source() -> None:
    raw = yaml.safe_load((default_data_dir() / "symptoms.yaml").read_text(encoding="utf-8"))
    for rule in raw["signs"]:
        assert any(source in rule["source"] for source in SOURCES), rule["sign"]


def test_a_typo_is_corrected_only_to_a_sign_word_and_never_from_a_real_word(
    symptoms: Symptoms,
) -> None:
    assert symptoms.sentences("Bladdr contrl gone") == ["bladder control gone"]
    assert symptoms.sentences("never fewer towels by the ladder") == [
        "never fewer towels by the ladder"
    ]
