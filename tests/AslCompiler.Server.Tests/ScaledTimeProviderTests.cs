using System.Diagnostics;
using AslCompiler.Server.Timing;

namespace AslCompiler.Server.Tests;

public sealed class ScaledTimeProviderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void The_scale_must_be_positive(double scale)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledTimeProvider(scale));
    }

    [Fact]
    public async Task Delays_shrink_by_the_scale()
    {
        var clock = new ScaledTimeProvider(100);
        var watch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(10), clock);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task The_clock_advances_by_the_scale()
    {
        var clock = new ScaledTimeProvider(1000);
        var start = clock.GetUtcNow();
        var stamp = clock.GetTimestamp();
        await Task.Delay(50);
        Assert.True(clock.GetUtcNow() - start >= TimeSpan.FromSeconds(40), (clock.GetUtcNow() - start).ToString());
        Assert.True(clock.GetElapsedTime(stamp) >= TimeSpan.FromSeconds(40));
    }

    [Fact]
    public void A_fast_clock_stops_at_the_last_date_instead_of_overflowing()
    {
        // 10^12 seconds per second passed DateTimeOffset.MaxValue within the first request; every action then failed.
        var clock = new ScaledTimeProvider(1e12);
        Thread.Sleep(300);
        Assert.Equal(DateTimeOffset.MaxValue, clock.GetUtcNow());
        Assert.Equal(long.MaxValue, clock.GetTimestamp());
    }

    [Fact]
    public void A_slow_clock_sets_long_timers_within_dotnets_limit()
    {
        // At half speed the runtime's 30-day timer step is 60 real days, past the longest timer .NET sets (~49.7 days):
        // creating the timer threw, and a Wait over 30 days failed. The timer is now set at the limit (it fires early and
        // the runtime's timers, which look at the clock when they fire, wait on).
        var clock = new ScaledTimeProvider(0.5);
        using var timer = clock.CreateTimer(_ => { }, null, TimeSpan.FromDays(30), Timeout.InfiniteTimeSpan);
        Assert.True(timer.Change(TimeSpan.FromDays(365), Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public async Task Timers_changed_later_are_scaled_too()
    {
        var clock = new ScaledTimeProvider(100);
        var fired = new TaskCompletionSource();
        using var timer = clock.CreateTimer(_ => fired.TrySetResult(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var watch = Stopwatch.StartNew();
        timer.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        await fired.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_wait_state_runs_on_the_scaled_clock()
    {
        await using var server = await ServerHarness.StartAsync(time: new ScaledTimeProvider(200));
        var machine = await server.CreateStateMachineAsync("Waits", """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}""");
        var watch = Stopwatch.StartNew();
        var arn = (await server.CallAsync("StartExecution", new { stateMachineArn = machine }))["executionArn"]!.GetValue<string>();
        var described = await server.WaitForExecutionAsync(arn);
        Assert.Equal("SUCCEEDED", described["status"]!.GetValue<string>());
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
    }
}
