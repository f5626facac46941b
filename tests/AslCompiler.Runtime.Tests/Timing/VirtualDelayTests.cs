using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Timing;

/// <summary>
/// A wait on a virtual clock is armed at its due time, so moving the clock by hand between a run's reading of it and the
/// arming does not make the wait end late (a delay computed from the reading was due after the move by the whole wait).
/// </summary>
public sealed class VirtualDelayTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_wait_armed_after_the_clock_moved_still_ends_at_its_due_time()
    {
        var clock = new VirtualTimeProvider(Start);
        var due = clock.GetUtcNow().AddHours(1); // read
        clock.Advance(TimeSpan.FromMinutes(30)); // moved before the wait is armed
        var wait = clock.DelayUntilAsync(due, CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(due, clock.GetUtcNow());
    }

    [Fact]
    public async Task A_due_time_already_passed_ends_at_once_and_a_cancelled_wait_disarms_its_timer()
    {
        var clock = new VirtualTimeProvider(Start);
        Assert.True(clock.DelayUntilAsync(Start, CancellationToken.None).IsCompletedSuccessfully);

        using var cancel = new CancellationTokenSource();
        var wait = clock.DelayUntilAsync(Start.AddDays(1), cancel.Token);
        Assert.Equal(1, clock.PendingTimerCount);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(0, clock.PendingTimerCount);
    }
}
