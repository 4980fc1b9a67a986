"""The corpus of real-world Keras scripts (issue 15): at least 40 scripts from at least 20 public
repositories across its modules, every one naming its source.

A source names its repository as ``owner/name: path``; a few cases name a guide or a code-search find
without its repository: they are tested as every case is, but the issue's count takes only scripts
from a named repository.
"""

from __future__ import annotations

import re

from tests import custom_layer_corpus, keras_code_corpus, sequential_code_corpus, subclassed_code_cases

MINIMUM_SCRIPTS = 40
MINIMUM_REPOSITORIES = 20
REPOSITORY = re.compile(r"^([A-Za-z0-9][\w.-]*/[\w.-]+): \S")


def sources() -> dict[str, str]:
    """Every corpus script lstmcalc reads or refuses honestly, by module and case name -> its source."""
    found = {f"functional/{name}": case.source for name, case in keras_code_corpus.CORPUS.items()}
    found |= {f"sequential/{name}": case.source for name, case in sequential_code_corpus.CORPUS.items()}
    found |= {f"subclassed/{name}": case.source for name, case in subclassed_code_cases.CASES.items()}
    found |= {f"subclassed/{name}": case.source for name, (case, _) in subclassed_code_cases.REFUSED.items()}
    found |= {f"custom_layers/{name}": case.source for name, case in custom_layer_corpus.CORPUS.items()}
    return found


def repositories() -> set[str]:
    return {match[1] for source in sources().values() if (match := REPOSITORY.match(source))}


def scripts_from_repositories() -> list[str]:
    """The scripts that name the repository they come from: the only ones the issue's count takes."""
    return [name for name, source in sources().items() if REPOSITORY.match(source)]


def test_the_corpus_has_forty_scripts_from_twenty_repositories() -> None:
    assert len(scripts_from_repositories()) >= MINIMUM_SCRIPTS
    assert len(repositories()) >= MINIMUM_REPOSITORIES


def test_the_corpus_counts_today() -> None:
    # The counts as the corpus stands (raise them when it grows): all cases, those from a named
    # repository, and the repositories.
    assert (len(sources()), len(scripts_from_repositories()), len(repositories())) == (54, 45, 44)


def test_every_script_names_its_source() -> None:
    assert all(len(source) > 20 for source in sources().values())
