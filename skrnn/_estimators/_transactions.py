"""All-or-nothing calls: a method that raises, or is interrupted, leaves its estimator
exactly as it was (the trained estimators get this from `BaseRNN._fit`, which trains on
copies; the transformers, whose state is small, from `all_or_nothing`)."""
import copy
import functools


def all_or_nothing(method):
    """Decorate ``method`` so that if it raises (``KeyboardInterrupt`` included) the
    estimator's attributes are put back as they were before the call."""
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        saved = copy.deepcopy(self.__dict__)
        try:
            return method(self, *args, **kwargs)
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(saved)
            raise
    return call
