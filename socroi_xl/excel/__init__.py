"""The Excel runtimes' kits.

* :mod:`.classic`: the macro-enabled template for classic xlwings (Windows), whose VBA
  project holds xlwings' own VBA module and the SOCROI wrappers xlwings generates.
* :mod:`.wrappers`: those wrappers, made by xlwings' ``generate_vba_wrapper``.
* :mod:`.lite`: the ``main.py`` and ``requirements.txt`` for xlwings Lite.
"""
