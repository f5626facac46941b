namespace AslCompiler.Runtime.Tests.Execution;

public sealed class ParallelEventsNormaliserTests
{
    [Fact]
    public void A_succeeded_parallel_loses_its_ParallelStateSucceeded()
    {
        var events = "ExecutionStarted ParallelStateEntered ParallelStateStarted PassStateEntered PassStateExited ParallelStateSucceeded ParallelStateExited ExecutionSucceeded";
        Assert.Equal(
            "ExecutionStarted ParallelStateEntered ParallelStateStarted PassStateEntered PassStateExited ParallelStateExited ExecutionSucceeded",
            string.Join(' ', ParallelEventsNormaliser.Apply(events.Split(' '))));
    }

    [Fact]
    public void A_nested_parallel_loses_the_inner_exit_and_both_successes()
    {
        var events = "ExecutionStarted ParallelStateEntered ParallelStateStarted ParallelStateEntered ParallelStateStarted PassStateEntered PassStateExited "
            + "ParallelStateSucceeded ParallelStateExited ParallelStateSucceeded ParallelStateExited ExecutionSucceeded";
        Assert.Equal(
            "ExecutionStarted ParallelStateEntered ParallelStateStarted ParallelStateEntered ParallelStateStarted PassStateEntered PassStateExited ParallelStateExited ExecutionSucceeded",
            string.Join(' ', ParallelEventsNormaliser.Apply(events.Split(' '))));
    }

    [Fact]
    public void A_caught_parallel_failure_loses_ParallelStateFailed_and_a_retried_attempt_keeps_its_events()
    {
        var events = "ExecutionStarted ParallelStateEntered ParallelStateStarted TaskStateEntered TaskFailed TaskStateAborted "
            + "ParallelStateStarted TaskStateEntered TaskFailed TaskStateAborted ParallelStateFailed ParallelStateExited PassStateEntered PassStateExited ExecutionSucceeded";
        Assert.Equal(
            "ExecutionStarted ParallelStateEntered ParallelStateStarted TaskStateEntered TaskFailed TaskStateAborted "
            + "ParallelStateStarted TaskStateEntered TaskFailed TaskStateAborted ParallelStateExited PassStateEntered PassStateExited ExecutionSucceeded",
            string.Join(' ', ParallelEventsNormaliser.Apply(events.Split(' '))));
    }

    [Fact]
    public void A_history_without_parallel_events_is_kept()
    {
        var events = "ExecutionStarted PassStateEntered PassStateExited ExecutionSucceeded".Split(' ');
        Assert.Equal(events, ParallelEventsNormaliser.Apply(events));
    }
}
