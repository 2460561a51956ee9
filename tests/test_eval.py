"""The labelled corpus under tests/corpus scores above the bar, and the scorer counts
what it says it counts."""

from pathlib import Path

from conftest import returnwatch

from returnwatch.evaluate import evaluate_corpus

CORPUS = Path(__file__).parent / "corpus"


def test_corpus_has_at_least_sixty_labelled_documents():
    golds = list(CORPUS.glob("*.gold.yaml"))
    assert len(golds) >= 60
    assert all((CORPUS / g.name.removesuffix(".gold.yaml")).exists() for g in golds)


def test_extractor_meets_precision_and_recall_on_the_corpus(gazetteer):
    score = evaluate_corpus(CORPUS, gazetteer)
    problems = "\n".join(f"{m.document}: {m.kind}: {m.detail}" for m in score.mismatches)
    assert score.precision >= 0.95, problems
    assert score.recall >= 0.90, problems
    assert score.distractors_found == 0, problems
    for field in ("type", "date", "place", "unit"):
        assert score.accuracy(field) >= 0.9, problems


def _corpus(tmp_path: Path, text: str, gold: str) -> Path:
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "a.txt.gold.yaml").write_text(gold)
    return tmp_path


def test_a_spurious_figure_lowers_precision_and_a_missed_one_recall(tmp_path, gazetteer):
    corpus = _corpus(
        tmp_path,
        "On 12 February 200 families returned to Sirte and 30 families returned to Campo.",
        "published: 2017-02-14\nfigures:\n"
        "  - {quantity: 200, unit: households, type: flow, event_date: 2017-02-12, area_id: ly-sirte}\n"
        "  - {quantity: 999, unit: households, type: flow}\n"
        "distractors: [30]\n",
    )
    score = evaluate_corpus(corpus, gazetteer)
    assert (score.gold, score.found, score.matched) == (2, 2, 1)
    assert (score.precision, score.recall, score.distractors_found) == (0.5, 0.5, 1)
    assert score.accuracy("date") == 1.0
    assert {m.kind for m in score.mismatches} == {"distractor", "missed"}


def test_wrong_fields_are_counted_against_accuracy(tmp_path, gazetteer):
    corpus = _corpus(
        tmp_path,
        "A total of 5,325 families have returned to Sirte so far.",
        "published: 2017-02-22\nfigures:\n"
        "  - {quantity: 5325, unit: individuals, type: flow, event_date: 2017-01-01, area_id: ly-tawergha}\n",
    )
    score = evaluate_corpus(corpus, gazetteer)
    assert score.matched == 1
    assert [score.accuracy(f) for f in ("type", "date", "place", "unit")] == [0.0] * 4


def test_eval_command_prints_the_scores(tmp_path):
    corpus = _corpus(
        tmp_path,
        "About 130 families returned to Tawergha on 1 February 2018.",
        "figures:\n  - {quantity: 130, unit: households, type: flow, qualifier: approx,"
        " event_date: 2018-02-01, area_id: ly-tawergha}\n",
    )
    result = returnwatch("eval", str(corpus))
    assert result.returncode == 0, result.stderr
    assert "precision   1.000" in result.stdout
    assert "recall      1.000" in result.stdout
    assert "accuracy place      1.000" in result.stdout


def test_eval_command_says_when_a_folder_has_no_gold(tmp_path):
    result = returnwatch("eval", str(tmp_path))
    assert result.returncode == 2
    assert "no document with a .gold.yaml" in result.stderr
