"""Who an Arabic sentence quotes: "أعلنت بلدية سرت أن …" (the Sirte municipality
announced that …), "… بحسب المجلس المحلي" (according to the local council), "وفقاً
لبلدية سرت" (according to the Sirte municipality). The name is kept as written, in Arabic.
"""

from __future__ import annotations

import re

from returnwatch.extract.arabic_dates import SPEECH_VERB

# "according to": بحسب / حسب / وفق / وفقاً لـ / طبقاً لـ / نقلاً عن (the لـ is joined to the name)
_ACCORDING = r"[وف]?(?:ب?حسب|(?:وفق|طبق)(?:ا|اً|ًا)?\s*(?P<li>ل)|نقل(?:ا|اً|ًا)\s+عن|وفق(?=\s))"
# A name runs up to the words that start what was said or when: "أن"/"إن" (that), "عن"
# (about), "في" (in a statement), "لوكالة …" (told the agency …), "يوم"/"اليوم"/"أمس" and weekdays, a return word, a verb
# of the returns, a number, or punctuation.
_STOP = (
    r"(?:[إأا]ن|ب[أا]ن|[إأا]نه|[أا]نها|عن|في|على|إلى|الى|من|يوم|اليوم|[أا]مس|الاثنين|الإثنين|"
    r"الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت|الأحد|الاحد|[وف]?ب?عود[ةه]|[وف]?عاد\w*|"
    r"[وف]?ب?رجوع|[وف]?ب?ارتفاع|[وف]?ب?وصول|[وف]?بلغ|[وف]?ارتفع|خلال|مساء|صباح|امس|الماضي|"
    r"ل(?:وكال|قنا|صحيف|موقع)\w*)"
)
_NAME_WORD = rf"(?!{_STOP}(?!\w))[^\s\d\u0660-\u0669\u06f0-\u06f9،,.:؛؟!()\"«»]+"
_NAME = rf"(?P<org>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,6}})"
SPEAKER = re.compile(
    rf"(?<!\w)(?:{SPEECH_VERB}\s+(?:،\s*)?|{_ACCORDING}\s*){_NAME}",
)
# a body named after its place ("بلدية سرت", the Sirte municipality) is a speaker, though
# the gazetteer knows "سرت": the body's word comes first in Arabic
NAMED_BODY = re.compile(
    r"^(?:ال)?(?:بلدي[ةه]|مجلس|لجن[ةه]|وزار[ةه]|مكتب|هيئ[ةه]|غرف[ةه]|[إا]دار[ةه]|مديري[ةه]|"
    r"حكوم[ةه]|عميد|رئيس|متحدث|الناطق|ناطق|منظم[ةه]|مفوضي[ةه]|جمعي[ةه]|الهلال|مركز|قو[ةا]|جهاز)(?!\w)"
)


def quotes_someone_arabic(sentence: str) -> bool:
    """The sentence quotes someone it names with an Arabic verb of saying or "according to"."""
    return SPEAKER.search(sentence) is not None


def arabic_speakers(sentence: str) -> list[tuple[int, str]]:
    """(start, name) of each body an Arabic sentence quotes, in order."""
    found = []
    for match in SPEAKER.finditer(sentence):
        name = match.group("org")
        if match.group("li") and name.startswith("ل"):  # "وفقاً للمجلس": لـ + المجلس
            name = "ا" + name
        found.append((match.start(), name))
    return found
