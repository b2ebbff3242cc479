using System.Globalization;

namespace Scout.Bench.Pipeline;

/// <summary>Percentiles of a set of values, by sorting: exact, and cheap enough for a few million values.</summary>
public sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> values)
    {
        _sorted = values.ToArray();
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    /// <summary>Nearest-rank percentile, <paramref name="p"/> in 0-100; NaN when empty.</summary>
    public double At(double p)
    {
        if (_sorted.Length == 0)
            return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    public static string Ms(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture);
}
