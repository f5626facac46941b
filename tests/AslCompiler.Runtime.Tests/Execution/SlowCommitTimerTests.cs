using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// A durable run commits its journal before a task's call (the task's due time with it), and a store writes on its own
/// thread (hosting trial: over SQLite, 3 of 14 runs that advanced the clock right after the start stayed RUNNING or timed
/// out an hour late). <see cref="VirtualClock.AdvanceAsync"/> does not move time while a commit is in flight (the
/// thread pool is idle then, but the run has not armed its timers), and a task's timeout counts from the due time staged
/// before the commit, however much time the commit took.
/// </summary>
public sealed class SlowCommitTimerTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string Definition = """
        {"StartAt":"Approve","States":{"Approve":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
         "Parameters":{"QueueUrl":"q","MessageBody":{"token.$":"$$.Task.Token"}},"TimeoutSeconds":86400,"End":true}}}
        """;

    [Fact]
    public async Task AdvanceAsync_does_not_move_time_while_a_journal_commit_is_in_flight()
    {
        var clock = new VirtualTimeProvider(Start);
        var journal = new SlowJournal(clock, TimeSpan.FromMilliseconds(300));
        using var stop = new CancellationTokenSource();
        var run = Kernel(clock).RunAsync(AslInterpreter.Compile(Definition), JsonValue.EmptyObject, new ExecutionRequest { Name = "slow", Journal = journal }, stop.Token).AsTask();

        // The first commit (ExecutionStarted) is in flight when AdvanceAsync begins: longer than AdvanceAsync waits for a
        // busy pool (about 100 ms), and the pool is idle meanwhile.
        await VirtualClock.AdvanceAsync(clock, TimeSpan.FromHours(25));

        Assert.Equal(Start, journal.ClockAtCommitEnds.First());
        await stop.CancelAsync();
        var ended = await run.WaitAsync(TimeSpan.FromSeconds(10)); // timed out, or aborted by the stop: not left running
        Assert.NotEqual(ExecutionStatus.Running, ended.Status);
    }

    [Fact]
    public async Task A_task_timeout_counts_from_its_due_time_however_long_the_commit_after_it_took()
    {
        var clock = new VirtualTimeProvider(Start);

        // The commit of the task's due time takes 25 hours of the clock: the task is overdue when it is called.
        var journal = new SlowJournal(clock, TimeSpan.Zero) { AdvanceDuringDueCommit = TimeSpan.FromHours(25) };
        var run = Kernel(clock).RunAsync(AslInterpreter.Compile(Definition), JsonValue.EmptyObject, new ExecutionRequest { Name = "slow", Journal = journal }).AsTask();

        var result = await VirtualClock.RunAsync(clock, run, TimeSpan.FromSeconds(10));

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.Timeout", result.Error);
        Assert.Equal(Start + TimeSpan.FromHours(24), result.History!.Events.Single(e => e.Type == "TaskTimedOut").Timestamp);
    }

    private static ExecutionKernel Kernel(VirtualTimeProvider clock) => new(new ExecutionOptions
    {
        TimeProvider = clock,
        TaskHandlers = new TaskHandlerRegistry().Register("arn:aws:states:::sqs:sendMessage.waitForTaskToken", _ => ValueTask.FromResult(JsonValue.EmptyObject)),
    });

    /// <summary>
    /// A journal whose commits take <paramref name="duration"/> of real time on a thread of their own (the thread pool
    /// stays idle), noting the clock as each ends; the commit that holds a task's due time may move the clock too.
    /// </summary>
    private sealed class SlowJournal(VirtualTimeProvider clock, TimeSpan duration) : IExecutionJournal
    {
        private bool _dueStaged;

        public TimeSpan AdvanceDuringDueCommit { get; init; }

        public IReadOnlyList<JournalRecord> Committed { get; } = [];

        public System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset> ClockAtCommitEnds { get; } = new();

        public void Stage(JournalRecord record) => _dueStaged |= record.Kind == "timer";

        public ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            if (_dueStaged && AdvanceDuringDueCommit > TimeSpan.Zero)
            {
                _dueStaged = false;
                clock.Advance(AdvanceDuringDueCommit);
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writer = new Thread(() =>
            {
                Thread.Sleep(duration);
                ClockAtCommitEnds.Enqueue(clock.GetUtcNow());
                done.SetResult();
            })
            { IsBackground = true };
            writer.Start();
            return new ValueTask(done.Task);
        }
    }
}
