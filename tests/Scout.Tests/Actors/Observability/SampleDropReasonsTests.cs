using System.Reflection;
using Scout.Actors.AgentProxies;
using Scout.Actors.Observability;
using Scout.Actors.SampleIntake;
using Scout.Web.History;
using Xunit;

namespace Scout.Tests.Actors.Observability;

public sealed class SampleDropReasonsTests
{
    /// <summary>Every reason SampleBounds can give (its string constants other than the prefix itself).</summary>
    public static TheoryData<string> BoundsReasons()
    {
        var reasons = new TheoryData<string>();
        foreach (var field in typeof(SampleBounds).GetFields(BindingFlags.Public | BindingFlags.Static))
            if (field is { IsLiteral: true } && field.FieldType == typeof(string) && field.Name != nameof(SampleBounds.ImpossibleValue))
                reasons.Add((string)field.GetRawConstantValue()!);
        return reasons;
    }

    [Theory]
    [MemberData(nameof(BoundsReasons))]
    public void A_sample_outside_the_bounds_is_counted_as_an_impossible_value_not_as_other(string reason)
    {
        Assert.Equal(SampleDropReasons.ImpossibleValue, SampleDropReasons.Of(reason));
    }

    [Theory]
    [MemberData(nameof(BoundsReasons))]
    public void A_report_outside_the_bounds_is_counted_as_an_impossible_value_not_as_other(string reason)
    {
        Assert.Equal("impossible_value", ReportValidation.Label(reason));
    }
}
