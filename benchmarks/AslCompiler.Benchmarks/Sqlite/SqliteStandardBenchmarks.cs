using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Sqlite;
using BenchmarkDotNet.Attributes;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Benchmarks.Sqlite;

/// <summary>
/// Standard state transitions per second on the SQLite store, single node (issue 9: goal ≥ 5,000/s on 2 cores): many
/// concurrent executions of a 10-state definition (5 Task, 5 Pass) through <see cref="LocalStepFunctions"/>, each
/// transition committed to the store before the next state starts. One operation is one state transition, so
/// transitions per second = 1,000,000,000 / Mean (ns). With <see cref="Observer"/> an <see cref="IExecutionObserver"/> hears
/// every history event (the engine then converts each event for it); without, the benchmark polls
/// <c>DescribeExecution</c> for the end. The cleanup prints the group commits seen (writes per transaction).
/// </summary>
[MemoryDiagnoser]
public class SqliteStandardBenchmarks
{
    private const int States = 10;
    private const string Handler = "arn:aws:lambda:us-east-1:123456789012:function:step";

    private string _directory = null!;
    private SqliteStepFunctionsStore _store = null!;
    private LocalStepFunctions _sfn = null!;
    private CompletionObserver _completions = null!;
    private string _machineArn = null!;
    private int _started;
    private long _transitions;

    /// <summary>How many executions run at once.</summary>
    [Params(200)]
    public int Executions { get; set; }

    /// <summary>Whether an observer hears every history event (and the end), or the benchmark polls for the end.</summary>
    [Params(false, true)]
    public bool Observer { get; set; }

    /// <summary>Opens a store, registers the handler and creates the state machine.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "asl-bench-" + Guid.NewGuid().ToString("N"));
        _store = SqliteStepFunctionsStore.Open(Path.Combine(_directory, "bench.db"));
        _completions = new CompletionObserver();
        var handlers = new TaskHandlerRegistry().Register(Handler, invocation => ValueTask.FromResult(invocation.Input));
        _sfn = new LocalStepFunctions(new StepFunctionsOptions
        {
            Store = _store,
            Observers = Observer ? [_completions] : [],
            Execution = new ExecutionOptions { TaskHandlers = handlers },
        });
        _sfn.RecoverAsync().GetAwaiter().GetResult();
        _machineArn = _sfn.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "bench",
            Definition = Definition(),
            RoleArn = "arn:aws:iam::123456789012:role/bench",
            Type = StateMachineType.Standard,
        }).GetAwaiter().GetResult().StateMachineArn;
    }

    /// <summary>Closes the store and deletes the file.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine("// group commit: " + _store.CommittedBatches.ToString(System.Globalization.CultureInfo.InvariantCulture) + " transactions carried "
            + _store.CommittedWrites.ToString(System.Globalization.CultureInfo.InvariantCulture) + " writes for "
            + _transitions.ToString(System.Globalization.CultureInfo.InvariantCulture) + " transitions (largest "
            + _store.LargestBatch.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")");
        _sfn.ShutdownAsync().GetAwaiter().GetResult();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Starts <see cref="Executions"/> executions and waits until all succeeded.</summary>
    [Benchmark(OperationsPerInvoke = 200 * States)]
    public async Task Transitions()
    {
        var done = Observer ? _completions.Expect(Executions) : null;
        var arns = new string[Executions];
        for (var i = 0; i < Executions; i++)
        {
            var n = Interlocked.Increment(ref _started);
            arns[i] = (await _sfn.StartExecutionAsync(new StartExecutionRequest
            {
                StateMachineArn = _machineArn,
                Name = "e" + n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Input = "{\"n\":1}",
            }).ConfigureAwait(false)).ExecutionArn;
        }

        if (done is not null)
        {
            await done.ConfigureAwait(false);
        }
        else
        {
            foreach (var arn in arns)
            {
                while (true)
                {
                    var status = (await _sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn }).ConfigureAwait(false)).Status;
                    if (status == ExecutionStatus.Succeeded)
                    {
                        break;
                    }

                    if (status != ExecutionStatus.Running)
                    {
                        throw new InvalidOperationException(arn + " ended " + status);
                    }

                    await Task.Delay(1).ConfigureAwait(false);
                }
            }
        }

        _transitions += Executions * States;
    }

    private static string Definition()
    {
        var states = new System.Text.StringBuilder();
        for (var i = 0; i < States; i++)
        {
            var next = i == States - 1 ? "\"End\":true" : "\"Next\":\"S" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";
            var body = i % 2 == 0
                ? "\"Type\":\"Task\",\"Resource\":\"" + Handler + "\""
                : "\"Type\":\"Pass\",\"Parameters\":{\"n.$\":\"States.MathAdd($.n, 1)\"}";
            states.Append(i == 0 ? string.Empty : ",").Append("\"S").Append(i).Append("\":{").Append(body).Append(',').Append(next).Append('}');
        }

        return "{\"StartAt\":\"S0\",\"States\":{" + states + "}}";
    }

    private sealed class CompletionObserver : IExecutionObserver
    {
        private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _remaining;

        public Task Expect(int count)
        {
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _remaining, count);
            return _done.Task;
        }

        public void ExecutionStarted(ExecutionObservation execution)
        {
        }

        public void HistoryEventRecorded(ExecutionObservation execution, AslCompiler.Runtime.Api.HistoryEvent historyEvent)
        {
        }

        public void ExecutionCompleted(ExecutionObservation execution, ExecutionStatus status, DateTimeOffset stopDate)
        {
            if (status != ExecutionStatus.Succeeded)
            {
                _done.TrySetException(new InvalidOperationException(execution.Name + " ended " + status));
            }

            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _done.TrySetResult();
            }
        }
    }
}
