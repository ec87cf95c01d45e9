"""The editions' voices: one per language, registered here by edition code.

A voice (`voices.base.Voice`) puts the month's facts into one language's words. Adding an
edition is a voice module and a line in `VOICES`.
"""

from __future__ import annotations

from reportgen.briefing.voices.arabic import ArabicVoice
from reportgen.briefing.voices.base import Voice
from reportgen.briefing.voices.english import EnglishVoice
from reportgen.input.records import Project

VOICES: dict[str, type[Voice]] = {
    ArabicVoice.code: ArabicVoice,
    EnglishVoice.code: EnglishVoice,
}


def voice_for(project: Project, edition: str) -> Voice:
    """The voice of `edition` ("ar", "en") for `project`."""
    return VOICES[edition](project)


def edition_file(month: str, edition: str, ext: str) -> str:
    """«sitrep-2023-11.html» (Arabic), «sitrep-2023-11.en.pdf» (English); an edition no voice is
    registered for (the tests' pseudo-voice) is named by its code."""
    voice = VOICES.get(edition)
    suffix = voice.suffix if voice else f".{edition}"
    return f"sitrep-{month}{suffix}.{ext}"


__all__ = ["VOICES", "Voice", "edition_file", "voice_for"]
