"""A PyTorch file that defines a class name twice. lstmcalc reads a class by its name's last
definition; Python looks the name up when a ``class`` statement names it as a base, and when
``__init__`` runs. Where those moments come after the last definition, the two agree and the model is
read (totals pinned from torch 2.13: ``sum(p.numel() for p in model.parameters())``), and so is a
name bound to another value afterwards (``Net = None``). Where one comes before it (a base defined
again further down, ``class Net(Net)``, the model or a module given to it made before a class is
defined again), Python uses the definition above, and lstmcalc refuses rather than read the wrong one."""

from __future__ import annotations

import pytest

from tests.code_summaries import read_summary, summarize_code

HEADER = "import torch.nn as nn\n\n\n"


def module_class(name: str, base: str, *statements: str) -> str:
    """``class NAME(BASE)`` whose ``__init__`` runs ``super().__init__()`` and then ``statements``."""
    body = "".join(f"        {statement}\n" for statement in statements)
    return f"class {name}({base}):\n    def __init__(self):\n        super().__init__()\n{body}\n\n"


#: Redefinitions Python and lstmcalc read alike: (the code after the imports, torch's total).
READ = {
    "a_notebook_redefinition": (
        module_class("Net", "nn.Module", "self.fc = nn.Linear(10, 10)")
        + module_class("Net", "nn.Module", "self.fc = nn.Linear(10, 4)")
        + "model = Net()\n",
        44,
    ),
    "a_base_redefined_before_its_subclass": (
        module_class("Base", "nn.Module", "self.fc = nn.Linear(10, 10)")
        + module_class("Base", "nn.Module", "self.fc = nn.Linear(100, 10)")
        + module_class("Net", "Base", "self.out = nn.Linear(10, 2)")
        + "model = Net()\n",
        1032,
    ),
    "a_part_redefined_before_the_model_is_made": (
        module_class("Encoder", "nn.Module", "self.fc = nn.Linear(10, 10)")
        + module_class("Net", "nn.Module", "self.encoder = Encoder()")
        + module_class("Encoder", "nn.Module", "self.fc = nn.Linear(100, 10)")
        + "model = Net()\n",
        1010,
    ),
    "a_name_bound_to_another_value_after_the_model_is_made": (
        module_class("Net", "nn.Module", "self.fc = nn.Linear(10, 4)") + "model = Net()\nNet = None\n",
        44,
    ),
    "a_base_name_bound_to_another_value_after_its_subclass": (
        module_class("Base", "nn.Module", "self.fc = nn.Linear(10, 10)")
        + module_class("Net", "Base", "self.out = nn.Linear(10, 2)")
        + "Base = None\nmodel = Net()\n",
        132,
    ),
}

LAST_DEFINITION_ONLY = "lstmcalc reads only a class's last definition"

#: Redefinitions where Python uses the definition above: (the code after the imports, where, the error).
REFUSED = {
    "a_base_defined_again_after_its_subclass": (
        module_class("Base", "nn.Module", "self.fc = nn.Linear(10, 10)")
        + module_class("Net", "Base", "self.out = nn.Linear(10, 2)")
        + module_class("Base", "nn.Module", "self.fc = nn.Linear(100, 50)")
        + "model = Net()\n",
        "10:11",
        "class Net is based on Base, which the file defines again at line 16, after class Net: Python bases it on "
        f"the Base above it, and {LAST_DEFINITION_ONLY}; rename one of the classes named Base",
    ),
    "a_class_based_on_its_own_name": (
        module_class("Net", "nn.Module", "self.fc = nn.Linear(10, 10)")
        + module_class("Net", "Net", "self.out = nn.Linear(10, 2)")
        + "model = Net()\n",
        "10:11",
        f"class Net is based on the class Net above it, of the same name: {LAST_DEFINITION_ONLY}; "
        "rename one of the two",
    ),
    "the_model_made_before_its_class_is_defined_again": (
        module_class("Net", "nn.Module", "self.fc = nn.Linear(10, 10)")
        + "model = Net()\n\n\n"
        + module_class("Net", "nn.Module", "self.fc = nn.Linear(100, 10)"),
        "10:9",
        "line 10 makes the model, or a module given to it, with class Net, whose last definition, the one "
        "lstmcalc reads, is further down (line 13): Python uses what Net is at line 10; make the model below it, "
        "or rename one of the classes named Net",
    ),
    "a_part_defined_again_after_the_model_is_made": (
        module_class("Encoder", "nn.Module", "self.fc = nn.Linear(10, 10)")
        + module_class("Net", "nn.Module", "self.encoder = Encoder()")
        + "model = Net()\n\n\n"
        + module_class("Encoder", "nn.Module", "self.fc = nn.Linear(100, 10)"),
        "13:24",
        "line 16 makes the model, or a module given to it, with class Encoder, whose last definition, the one "
        "lstmcalc reads, is further down (line 19): Python uses what Encoder is at line 16; make the model below "
        "it, or rename one of the classes named Encoder",
    ),
    "a_module_given_to_the_model_made_above_its_class_s_redefinition": (
        module_class("Encoder", "nn.Module", "self.fc = nn.Linear(10, 10)")
        + "encoder = Encoder()\n\n\n"
        + module_class("Encoder", "nn.Module", "self.fc = nn.Linear(100, 10)")
        + "class Net(nn.Module):\n    def __init__(self, encoder):\n        super().__init__()\n"
        "        self.encoder = encoder\n        self.out = nn.Linear(10, 2)\n\n\n"
        "model = Net(encoder)\n",
        "10:11",
        "line 10 makes the model, or a module given to it, with class Encoder, whose last definition, the one "
        "lstmcalc reads, is further down (line 13): Python uses what Encoder is at line 10; make the model below "
        "it, or rename one of the classes named Encoder",
    ),
}


#: A class named after what an import or an assignment above it binds, which it is based on: lstmcalc reads
#: the name as the class everywhere, so it refuses (the code after the imports, where, the error).
NAMED_AFTER_ITS_BASE = {
    "an_imported_class": (
        "from mylib import Net\n\n\n" + module_class("Net", "Net", "self.out = nn.Linear(10, 2)"),
        "7:11",
        "class Net is based on the Net imported from mylib at line 4, and takes its name: lstmcalc reads the "
        "name Net as this class throughout the file; rename the class",
    ),
    "an_imported_module": (
        "import mylib as Net\n\n\n" + module_class("Net", "Net", "self.out = nn.Linear(10, 2)"),
        "7:11",
        "class Net is based on the Net imported at line 4, and takes its name: lstmcalc reads the name Net as "
        "this class throughout the file; rename the class",
    ),
    "an_assigned_name": (
        "Net = nn.Module\n\n\n" + module_class("Net", "Net", "self.out = nn.Linear(10, 2)"),
        "7:11",
        "class Net is based on a Net bound above it, and takes its name: lstmcalc reads the name Net as this class "
        "throughout the file; rename the class",
    ),
}


#: What torch makes of each refused file (tests/oracle checks it): the earlier definitions' Linear(10, 10)
#: is in each, where the last definitions would give 5,072, no model, 1,010, 1,010 and 1,032.
PYTHON_TOTALS = {
    "a_base_defined_again_after_its_subclass": 132,
    "a_class_based_on_its_own_name": 132,
    "the_model_made_before_its_class_is_defined_again": 110,
    "a_part_defined_again_after_the_model_is_made": 110,
    "a_module_given_to_the_model_made_above_its_class_s_redefinition": 132,
}


@pytest.mark.parametrize("name", sorted(READ))
def test_a_redefinition_python_reads_as_the_last_definition_is_read(tmp_path, name: str) -> None:
    code, total = READ[name]
    assert read_summary(tmp_path, HEADER + code)["total_params"] == total


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_redefinition_python_reads_as_an_earlier_definition_is_refused(tmp_path, name: str) -> None:
    code, where, message = REFUSED[name]
    _assert_refused(tmp_path, code, where, message)


@pytest.mark.parametrize("name", sorted(NAMED_AFTER_ITS_BASE))
def test_a_class_named_after_what_its_base_is_bound_to_is_refused(tmp_path, name: str) -> None:
    code, where, message = NAMED_AFTER_ITS_BASE[name]
    _assert_refused(tmp_path, code, where, message)


def _assert_refused(tmp_path, code: str, where: str, message: str) -> None:
    path, result = summarize_code(tmp_path, HEADER + code)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{path}:{where}: error: {message}\n"
