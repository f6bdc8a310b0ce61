"""The README's Python examples run as doctests (they are the documentation of the public API)."""

import doctest
import os

README = os.path.join(os.path.dirname(__file__), os.pardir, "README.md")


def test_readme_python_examples():
    with open(README, encoding="utf-8") as fh:
        text = fh.read()
    blocks = text.split("```python")[1:]
    assert blocks, "the README has no Python example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for k, block in enumerate(blocks):
        code = block.split("```", 1)[0]
        test = doctest.DocTestParser().get_doctest(code, {}, f"README block {k}", README, 0)
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0 and result.attempted > 0
