using System;
using AslCompiler.Runtime.Api;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>
/// What reading history events through the API costs: ../shared/bench/workflow20.asl.json run by StartSyncExecution
/// with an observer that reads every event (as hosting's telemetry does when a logger, a span or the transitions counter
/// listens), and one page of GetExecutionHistory of a Standard execution of it (68 events).
/// </summary>
[MemoryDiagnoser]
public class ApiHistoryBenchmarks
{
    private readonly CountingObserver _observer = new();
    private LocalStepFunctions _sfn = null!;
    private StartSyncExecutionRequest _start = null!;
    private GetExecutionHistoryRequest _history = null!;

    /// <summary>Creates the state machines and one Standard execution to read.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _sfn = new LocalStepFunctions(new StepFunctionsOptions { Observers = [_observer] });
        var express = Create("Workflow20Express", StateMachineType.Express);
        _start = new StartSyncExecutionRequest { StateMachineArn = express, Input = BenchFiles.Workflow20Input() };
        if (StartSyncObserved().Status != SyncExecutionStatus.Succeeded || _observer.Events == 0)
        {
            throw new InvalidOperationException("workflow20 did not succeed through the API with its events observed.");
        }

        var standard = Create("Workflow20Standard", StateMachineType.Standard);
        var arn = _sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = standard, Input = BenchFiles.Workflow20Input() })
            .GetAwaiter().GetResult().ExecutionArn;
        _sfn.WaitForExecutionAsync(arn).GetAwaiter().GetResult();
        _history = new GetExecutionHistoryRequest { ExecutionArn = arn, MaxResults = 1000 };
        if (GetHistory().Events.Count != 68)
        {
            throw new InvalidOperationException("workflow20's Standard history does not have 68 events.");
        }
    }

    /// <summary>One StartSyncExecution with every history event read by an observer.</summary>
    [Benchmark]
    public StartSyncExecutionResponse StartSyncObserved() => _sfn.StartSyncExecutionAsync(_start).GetAwaiter().GetResult();

    /// <summary>One page of GetExecutionHistory, the whole history of a Standard execution of workflow20.</summary>
    [Benchmark]
    public GetExecutionHistoryResponse GetHistory() => _sfn.GetExecutionHistoryAsync(_history).GetAwaiter().GetResult();

    private string Create(string name, StateMachineType type) => _sfn.CreateStateMachineAsync(new CreateStateMachineRequest
    {
        Name = name,
        RoleArn = "arn:aws:iam::123456789012:role/bench",
        Type = type,
        Definition = BenchFiles.Workflow20Definition(),
    }).GetAwaiter().GetResult().StateMachineArn;

    /// <summary>An observer that reads each event's type and details, as a logger or span would.</summary>
    private sealed class CountingObserver : IExecutionObserver
    {
        public long Events { get; private set; }

        public void ExecutionStarted(ExecutionObservation execution)
        {
        }

        public void HistoryEventRecorded(ExecutionObservation execution, HistoryEvent historyEvent)
        {
            if (historyEvent.Type != HistoryEventType.ExecutionStarted || historyEvent.ExecutionStartedEventDetails is not null)
            {
                Events++;
            }
        }

        public void ExecutionCompleted(ExecutionObservation execution, ExecutionStatus status, DateTimeOffset stopDate)
        {
        }

        public void ExecutionInterrupted(ExecutionObservation execution, Exception exception)
        {
        }
    }
}
