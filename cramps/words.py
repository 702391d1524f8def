"""Small pieces of wording shared by the apps, in the active language."""

from django.utils.translation import gettext


def join_words(words):
    """'a', 'a and b', 'a, b and c': a list of words as a sentence reads it."""
    words = [str(word) for word in words]
    if len(words) == 1:
        return words[0]
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}
