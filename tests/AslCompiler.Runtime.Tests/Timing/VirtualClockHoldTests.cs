using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Timing;

/// <summary>
/// While real work holds a virtual clock (<see cref="VirtualTimeProvider.HoldAdvance"/>, an HTTP Task's call), time
/// follows the real clock, so the work takes its real duration on the execution's clock.
/// </summary>
public sealed class VirtualClockHoldTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_end_of_a_hold_counts_in_full_even_when_no_driver_looked_at_it()
    {
        // Nothing drives the clock (as when the driver's thread waits for a busy thread pool): releasing the hold moves
        // time by the real time it lasted.
        var clock = new VirtualTimeProvider(Start);
        var hold = clock.HoldAdvance();
        await Task.Delay(150);
        Assert.Equal(Start, clock.GetUtcNow());
        hold.Dispose();

        Assert.InRange(clock.GetUtcNow() - Start, TimeSpan.FromMilliseconds(140), TimeSpan.FromSeconds(30));
        hold.Dispose(); // once
        Assert.False(clock.IsHeld);
    }

    [Fact]
    public async Task Nested_holds_move_time_once_and_a_driver_follows_the_real_pace()
    {
        var clock = new VirtualTimeProvider(Start);
        async Task<int> WorkAsync()
        {
            using var outer = clock.HoldAdvance();
            using (clock.HoldAdvance())
            {
                await Task.Delay(100);
            }

            Assert.True(clock.IsHeld);
            await Task.Delay(100);
            return 1;
        }

        var started = DateTime.UtcNow;
        await VirtualClock.RunAsync(clock, WorkAsync(), TimeSpan.FromSeconds(5));
        var real = DateTime.UtcNow - started;

        Assert.False(clock.IsHeld);
        Assert.InRange(clock.GetUtcNow() - Start, TimeSpan.FromMilliseconds(190), real + TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task A_timer_due_during_a_hold_fires_at_its_real_time()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = clock.CreateTimer(_ => fired.TrySetResult(clock.GetUtcNow()), null, TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);
        using (clock.HoldAdvance())
        {
            await Task.Delay(120);
        }

        Assert.Equal(Start.AddMilliseconds(50), await fired.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
