"""One tokeniser for the whole project: words, stems, content terms, BM25 terms, accent folding, titles."""

from paperchat.ingest.text import ascii_fold, content_terms, keyword_terms, stem, without_title, words


def test_words_fold_accents_and_split_hyphens_and_possessives() -> None:
    assert ascii_fold("Zoltán Gyöngyi") == "Zoltan Gyongyi"
    assert words("Lemaˆıtre–Tolman model") == ["lemaitre", "tolman", "model"]  # a PDF's loose accent, an en dash
    assert words("LoRA-GGPO's Gyöngyi, 2024") == ["lora", "ggpo", "s", "gyongyi", "2024"]


def test_stems_and_content_terms_match_a_question_with_a_sentence() -> None:
    assert stem("trainings") == stem("training") == "train"
    assert stem("gas") == "gas"  # too short to strip
    question = content_terms("Which papers propose training methods for speech?")
    assert question == {"train", "speech"}  # question words and paper-talk say nothing about the passage
    assert question <= content_terms("We train a speech model.")


def test_keyword_terms_are_snowball_stems_without_stop_words() -> None:
    assert keyword_terms("The models are fine-tuned") == ["model", "fine", "tune"]


def test_keyword_terms_match_with_or_without_accents_and_keep_other_scripts() -> None:
    assert keyword_terms("Lemaître–Tolman") == keyword_terms("Lemaitre-Tolman") == ["lemaitr", "tolman"]
    assert keyword_terms("Модели Лемэтра") == ["модели", "лемэтра"]  # Cyrillic is kept, not dropped
    assert keyword_terms("a") == []


def test_without_title_removes_only_a_leading_title() -> None:
    assert without_title("Kelp growth\nKelp grows fast.", "Kelp growth") == "Kelp grows fast."
    assert without_title("Other text", "Kelp growth") == "Other text"
    assert without_title("Text", "") == "Text"
