using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

public sealed class ProcSchedstatTests
{
    [Fact]
    public void First_field_is_the_on_cpu_time_in_nanoseconds()
    {
        Assert.True(ProcSchedstat.TryParse("1600000000 5000 30\n"u8, out var runtime));
        Assert.Equal(1_600_000_000UL, runtime);
    }

    [Fact]
    public void All_zeros_from_a_kernel_with_scheduler_statistics_switched_off_is_not_usable()
    {
        Assert.False(ProcSchedstat.TryParse("0 0 0\n"u8, out _));
    }

    [Fact]
    public void A_task_that_has_not_been_charged_yet_but_was_scheduled_is_usable()
    {
        // The running task's time is added at the next tick: a fresh process can read "0 wait 1".
        Assert.True(ProcSchedstat.TryParse("0 64987 1\n"u8, out var runtime));
        Assert.Equal(0UL, runtime);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12 34\n")]
    [InlineData("12 -1 3\n")]
    [InlineData("abc 1 2\n")]
    public void Anything_but_three_counters_is_rejected(string text)
    {
        Assert.False(ProcSchedstat.TryParse(System.Text.Encoding.ASCII.GetBytes(text), out _));
    }
}
