"""Small synthetic pages shared by the batch and command-line tests."""

from __future__ import annotations


def page(i: int) -> str:
    """A small page: a menu, a headline, a paragraph that varies with ``i``, a footer."""
    words = " ".join(f"word{i * 7 + k}" for k in range(i % 5 + 3))
    return (
        f"Home | News | Sport | Contact\nHeadline number {i}\n"
        f"This is the article number {i}, and it reads like prose to the reader, with {words}. "
        "It goes on for a while, because real paragraphs are long and full of small words.\n"
        "Share on Facebook\n© 2024 Example Media. All rights reserved."
    )
