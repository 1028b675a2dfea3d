"""Warning signs typed in people's own words, in English, German or Spanish: what each must be
read as, and the figures over the labelled corpora (tests/understanding/symptom_*.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.coaching.catalogue import default_data_dir
from bot.understanding.recall import load_corpus, measure
from bot.understanding.symptoms import Symptoms, load_symptoms

CORPUS = Path(__file__).parent / "symptom_corpus.yaml"
SOURCES = ("NG59", "CKS", "NHS", "NHSCES", "GIRFT", "IFOMPT")
# Each German or Spanish sign cites its German or Spanish source, or the English one with the
# words said to be common phrasing (data/symptoms_de.yaml, data/symptoms_es.yaml).
SOURCES_BY_FILE = {
    "symptoms.yaml": SOURCES,
    "symptoms_de.yaml": ("NVL", "PLL", *SOURCES),
    "symptoms_es.yaml": ("MLP", "MLPCE", *SOURCES),
}
# Each corpus file and the fewest phrasings it must hold.
CORPORA = {
    "symptom_corpus": 80,
    "symptom_heldout": 80,
    "symptom_lead": 80,
    "symptom_fresh": 80,
    "symptom_corpus_de": 80,
    "symptom_heldout_de": 30,
    "symptom_fresh_de": 30,
    "symptom_corpus_es": 80,
    "symptom_heldout_es": 30,
    "symptom_fresh_es": 30,
}


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


GERMAN = [
    ("ich kann nicht mehr pinkeln", "urgent", "bladder_bowel"),
    ("hab in die hose gemacht und nix gemerkt", "urgent", "bladder_bowel"),
    ("mir schläft der hintern ein", "urgent", "saddle"),
    ("beide beine sind taub", "urgent", "both_legs"),
    ("mein fuß schleift beim gehen", "urgent", "one_leg_weakening"),
    ("schmerzen in der brust", "urgent", "chest_pain"),
    ("hab fieber", "soon", "fever"),
    # umlauts and ß typed, left out, or written ae/oe/ue; typos
    ("kann meine füße nicht mehr spüren", "urgent", "both_legs"),
    ("kann meine fuesse nicht mehr spueren", "urgent", "both_legs"),
    ("kann meine fusse nicht mehr spuren", "urgent", "both_legs"),
    ("taubheitsgefül im intimbereich", "urgent", "saddle"),
    # denied (before or after), over, someone else, a harmless cause
    ("kein kribbeln in den beinen", "none", None),
    ("die beine kribbeln nicht", "none", None),
    ("kribbeln hab ich keins", "none", None),
    ("das kribbeln in den beinen ist wieder weg", "none", None),
    ("das kribbeln in den beinen ist nicht weg", "urgent", "both_legs"),
    ("meine mutter kann nicht mehr pinkeln", "none", None),
    ("meine beine sind eingeschlafen vom langen sitzen", "none", None),
    ("hab mir fast in die hose gemacht vor lachen", "none", None),
    ("bein kurz eingeschlafen", "none", None),
    ("kribbeln in beiden beinen? nein", "none", None),
    ("kann nich pinkeln", "urgent", "bladder_bowel"),
    ("die beine sind schwer, die hände kribbeln", "none", None),  # "die" is not "they"
    ("beide beine sind schwach, sie kribbeln auch", "urgent", "both_legs"),
    ("nachts schwitz ich das bett nass", "soon", "fever"),  # sweat, not a wet bed
    ("hab plötzlich nen fallfuß links", "urgent", "one_leg_weakening"),
    ("chemo ist vorbei aber die rückenschmerzen sind neu", "soon", "cancer"),  # a history
    ("die taube hat auf meinen fuß gekackt", "none", None),  # a pigeon, not numb
    ("wenn ich aufs klo geh kommt fast nix", "urgent", "bladder_bowel"),  # not "nearly"
    ("beim sitzen fühlt sich der po an wie nicht meiner", "urgent", "saddle"),  # when, not why
    ("kann das bein nicht mehr heben und stolpere", "urgent", "one_leg_weakening"),
]

SPANISH = [
    ("no puedo orinar", "urgent", "bladder_bowel"),
    ("me hice pis encima sin darme cuenta", "urgent", "bladder_bowel"),
    ("se me duerme la entrepierna", "urgent", "saddle"),
    ("se me duermen las dos piernas", "urgent", "both_legs"),
    ("arrastro el pie derecho", "urgent", "one_leg_weakening"),
    ("me duele el pecho", "urgent", "chest_pain"),
    ("tengo fiebre", "soon", "fever"),
    # accents typed or left out; typos
    ("no siento nada al limpiarme", "urgent", "saddle"),
    ("tengo la vejiga llena pero no sale nada", "urgent", "bladder_bowel"),
    ("hormigeo en los genitales", "urgent", "saddle"),
    ("tengo 38 años", "none", None),  # an age, not a temperature
    # denied (before or after), over, someone else, a harmless cause, a saying
    ("no tengo hormigueo en las piernas", "none", None),
    ("hormigueo no tengo", "none", None),
    ("el hormigueo de las piernas ya pasó", "none", None),
    ("mi madre no puede orinar", "none", None),
    ("se me durmieron las piernas de estar sentado", "none", None),
    ("me estoy meando de la risa", "none", None),
    ("me cago en todo que dolor", "none", None),
    ("no aguanto más este dolor", "none", None),
    ("hormigueo en las dos piernas? no", "none", None),
    ("tengo hormigueo en las dos piernas, es normal o no", "urgent", "both_legs"),
    ("tuve una septicemia el mes pasado", "soon", "infection_risk"),  # "pasado" is not "over"
    ("al sentarme noto el culo como si no fuera mio", "urgent", "saddle"),  # when, not why
    ("me meo sin enterarme", "urgent", "bladder_bowel"),  # "me" is Spanish too
    ("me pesan las piernas, me hormiguean las manos", "none", None),  # "me" is not "they"
    ("no puedo ir al baño, no sale nada", "urgent", "bladder_bowel"),  # "no" denies what follows
    ("me duelen las piernas, las noto dormidas", "urgent", "both_legs"),
]

# A message is read in each language it shows: a word shared with English is not a sign in the
# other language's grammar, and a sign in any language is found whatever the bot speaks.
ACROSS = [
    ("my dad had cancer", "none", None),  # Spanish "cáncer" has no "my dad" to know
    ("my gran has osteoporosis", "none", None),  # German and Spanish "osteopor..."
    ("meine oma hat inkontinenz", "none", None),  # not English "incontinent" by a typo
    ("mi abuela tiene incontinencia", "none", None),  # English "incontinen..." knows no abuela
    ("I need more fibre", "none", None),  # not Spanish "fiebre" by a typo
    ("back pain today and ich kann nicht pinkeln", "urgent", "bladder_bowel"),
    ("fiebre", "soon", "fever"),  # no word of any language: read in all
]


@pytest.mark.parametrize(("text", "level", "sign"), READINGS + GERMAN + SPANISH + ACROSS)
def test_a_typed_message_is_read_for_the_warning_sign_it_states(
    symptoms: Symptoms, text: str, level: str, sign: str | None
) -> None:
    found = symptoms.read(text)
    assert (found.level, found.sign) == (level, sign)


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_every_corpus_meets_the_targets(symptoms: Symptoms, corpus: str) -> None:
    figures = measure(symptoms, load_corpus(CORPUS.with_name(f"{corpus}.yaml")))
    assert sum(figures.counts.values()) >= CORPORA[corpus]
    assert figures.recall("urgent") == 1.0, figures.misses
    assert figures.recall("soon") >= 0.9, figures.misses
    assert figures.false_urgent_rate() <= 0.05, figures.misses


@pytest.mark.parametrize("name", list(SOURCES_BY_FILE))
def test_every_sign_names_its_source(name: str) -> None:
    raw = yaml.safe_load((default_data_dir() / name).read_text(encoding="utf-8"))
    for rule in raw["signs"]:
        assert any(source in rule["source"] for source in SOURCES_BY_FILE[name]), rule["sign"]


def test_every_sign_in_german_or_spanish_is_one_the_english_file_names(
    symptoms: Symptoms,
) -> None:
    english = load_signs("symptoms.yaml")
    assert load_signs("symptoms_de.yaml") <= english
    assert load_signs("symptoms_es.yaml") <= english
    assert symptoms.read("beide beine sind taub").says == symptoms.says("both_legs")


def load_signs(name: str) -> set[str]:
    raw = yaml.safe_load((default_data_dir() / name).read_text(encoding="utf-8"))
    return {rule["sign"] for rule in raw["signs"]}


def test_a_typo_is_corrected_only_to_a_sign_word_and_never_from_a_real_word(
    symptoms: Symptoms,
) -> None:
    english = symptoms.readers["en"]
    assert english.sentences("Bladdr contrl gone") == ["bladder control gone"]
    assert english.sentences("never fewer towels by the ladder") == [
        "never fewer towels by the ladder"
    ]


def test_german_umlauts_and_their_spellings_fold_to_one_word(symptoms: Symptoms) -> None:
    german = symptoms.readers["de"]
    folded = {german.sentences(text)[0] for text in ("Rücken", "Ruecken", "Rucken", "RÜCKEN")}
    assert folded == {"rucken"}
    assert german.sentences("Fuß") == german.sentences("fuss")
