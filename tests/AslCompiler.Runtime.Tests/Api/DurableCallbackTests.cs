using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Tests.Shared;
using ApiStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// A store whose journal commits carrying a task outcome (a <c>task</c> record) wait on a gate while it is closed, as a
/// slow disk would; the wait honours the commit's cancellation (a stop or a shutdown).
/// </summary>
internal sealed class GatedStore(IStepFunctionsStore inner) : ForwardingStore(inner)
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a commit carrying a task outcome first waits at the closed gate.</summary>
    public Task Held => _held.Task;

    /// <summary>Lets every waiting and later commit through.</summary>
    public void Open() => _gate.TrySetResult();

    protected override async ValueTask CommitAsync(string executionArn, IReadOnlyList<JournalRecord> staged, Func<ValueTask> commit, CancellationToken cancellationToken)
    {
        if (staged.Any(r => r.Kind == "task") && !_gate.Task.IsCompleted)
        {
            _held.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
        }

        await commit();
    }
}

/// <summary>
/// SendTaskSuccess/SendTaskFailure to a journaled Standard execution answer only once the outcome they delivered is
/// committed, so a success the caller saw survives the process; when it cannot be committed the caller gets an error
/// it can retry, never a hang.
/// </summary>
public sealed class DurableCallbackTests
{
    private const string CallbackDefinition =
        """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"t.$":"$$.Task.Token"},"End":true}}}""";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static async Task<string> TokenAsync(DurableWorkflow workflow, string arn)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!workflow.Tokens.ContainsKey(arn) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
        }

        return workflow.Tokens[arn];
    }

    private static async Task<(LocalStepFunctions Sfn, string Arn, string Token)> StartCallbackAsync(DurableWorkflow workflow, IStepFunctionsStore? store)
    {
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("Cb", CallbackDefinition);
        var arn = await sfn.StartAsync(machine, "cb");
        return (sfn, arn, await TokenAsync(workflow, arn));
    }

    /// <summary>Restarts on what the store kept: the same token still completes the task, with the retried output.</summary>
    private static async Task SendAgainAfterRestartAsync(DurableWorkflow workflow, IStepFunctionsStore inner, string arn, string token)
    {
        var again = workflow.Create(inner);
        await again.RecoverAsync();
        await again.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = """{"second":2}""" }).WaitAsync(Bound);
        await AssertSucceededAsync(again, arn, """{"second":2}""");
        await again.ShutdownAsync();
    }

    /// <summary>The call does not answer while the store holds the commit carrying its outcome, and answers once the store lets it through.</summary>
    private static async Task AssertAnswersOnlyOnceCommittedAsync(GatedStore store, Task send)
    {
        await store.Held.WaitAsync(Bound);
        await Task.Delay(50);
        Assert.False(send.IsCompleted);

        store.Open();
        await send.WaitAsync(Bound);
    }

    private static async Task AssertSucceededAsync(LocalStepFunctions sfn, string arn, string output)
    {
        var described = await sfn.WaitAsync(arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        Assert.Equal(output, described.Output);
    }

    [Fact]
    public async Task SendTaskSuccess_answers_only_after_the_outcome_is_committed()
    {
        var workflow = new DurableWorkflow();
        var store = new GatedStore(new InMemoryStepFunctionsStore());
        var (sfn, arn, token) = await StartCallbackAsync(workflow, store);

        var send = sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = """{"done":1}""" });
        await AssertAnswersOnlyOnceCommittedAsync(store, send);
        await AssertSucceededAsync(sfn, arn, """{"done":1}""");
        await sfn.ShutdownAsync();
    }

    [Fact]
    public async Task SendTaskFailure_to_an_activity_answers_only_after_the_outcome_is_committed()
    {
        var workflow = new DurableWorkflow();
        var store = new GatedStore(new InMemoryStepFunctionsStore());
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var activity = (await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "worker" })).ActivityArn;
        var machine = await sfn.CreateMachineAsync("Act", ExecutionFixture.ActivityDefinition(activity));
        var arn = await sfn.StartAsync(machine, "a", """{"job":1}""");
        var task = await sfn.GetActivityTaskAsync(new GetActivityTaskRequest { ActivityArn = activity, WorkerName = "w" });

        var send = sfn.SendTaskFailureAsync(new SendTaskFailureRequest { TaskToken = task.TaskToken!, Error = "Broke", Cause = "why" });
        await AssertAnswersOnlyOnceCommittedAsync(store, send);
        var described = await sfn.WaitAsync(arn);
        Assert.Equal(ApiStatus.Failed, described.Status);
        Assert.Equal("Broke", described.Error);
        await sfn.ShutdownAsync();
    }

    [Fact]
    public async Task A_callback_task_waiting_across_a_restart_does_not_send_its_token_again()
    {
        // The handler returned (the message with the token is out) and TaskSubmitted was committed: the restarted run
        // waits for the token again without calling the handler a second time.
        var workflow = new DurableWorkflow();
        var inner = new InMemoryStepFunctionsStore();
        var (sfn, arn, token) = await StartCallbackAsync(workflow, inner);
        var deadline = DateTime.UtcNow + Bound;
        while (!(await DurableWorkflow.HistoryAsync(sfn, arn)).Any(e => e.Type.ToString() == "TaskSubmitted") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
        }

        var before = await DurableWorkflow.HistoryAsync(sfn, arn);
        await sfn.ShutdownAsync();

        await SendAgainAfterRestartAsync(workflow, inner, arn, token);
        Assert.Equal(1, Assert.Single(workflow.Calls).Value);

        // The events before the restart keep their ids and times.
        var again = workflow.Create(inner);
        await again.RecoverAsync();
        var after = await DurableWorkflow.HistoryAsync(again, arn);
        await again.ShutdownAsync();
        var submitted = before.Single(e => e.Type.ToString() == "TaskSubmitted");
        Assert.Equal((submitted.Id, submitted.Timestamp), after.Where(e => e.Type.ToString() == "TaskSubmitted").Select(e => (e.Id, e.Timestamp)).Single());
        Assert.Equal(["TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded"], after.Select(e => e.Type.ToString()).Where(t => t.StartsWith("Task", StringComparison.Ordinal) && t != "TaskStateEntered" && t != "TaskStateExited"));
    }

    [Fact]
    public async Task A_crash_before_the_outcome_commit_happens_before_the_caller_is_told_success_and_the_callback_can_be_sent_again()
    {
        var workflow = new DurableWorkflow();
        var inner = new InMemoryStepFunctionsStore();
        Task? send = null;
        bool? answeredBeforeCrash = null;
        var store = new CrashAtStore(inner, (_, staged) =>
        {
            if (!staged.Any(r => r.Kind == "task"))
            {
                return false;
            }

            answeredBeforeCrash = Volatile.Read(ref send) is { IsCompleted: true };
            return true;
        });
        var (sfn, arn, token) = await StartCallbackAsync(workflow, store);

        Volatile.Write(ref send, sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = """{"first":1}""" }));
        var deadline = DateTime.UtcNow + Bound;
        while (!store.Crashed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
        }

        Assert.True(store.Crashed);
        Assert.False(answeredBeforeCrash);

        // The "dead" process's writes are lost: the restarted instance still waits for the callback, and a retry completes it.
        await sfn.ShutdownAsync();
        await SendAgainAfterRestartAsync(workflow, inner, arn, token);
    }

    [Fact]
    public async Task A_shutdown_while_the_caller_waits_for_the_commit_answers_with_a_retryable_error()
    {
        var workflow = new DurableWorkflow();
        var inner = new InMemoryStepFunctionsStore();
        var store = new GatedStore(inner);
        var (sfn, arn, token) = await StartCallbackAsync(workflow, store);

        var send = sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = """{"first":1}""" });
        await store.Held.WaitAsync(Bound);
        var shutdown = sfn.ShutdownAsync();
        var error = await Assert.ThrowsAsync<StepFunctionsException>(() => send.WaitAsync(Bound));
        Assert.Equal("ServiceUnavailable", error.ErrorCode);
        Assert.Equal(503, error.StatusCode);
        await shutdown.WaitAsync(Bound);

        // Nothing of the outcome was committed: after the restart the same token completes the task.
        await SendAgainAfterRestartAsync(workflow, inner, arn, token);
    }

    [Fact]
    public async Task The_caller_can_cancel_its_wait_for_the_commit()
    {
        var workflow = new DurableWorkflow();
        var store = new GatedStore(new InMemoryStepFunctionsStore());
        var (sfn, arn, token) = await StartCallbackAsync(workflow, store);

        using var cancel = new CancellationTokenSource();
        var send = sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = """{"done":1}""" }, cancel.Token);
        await store.Held.WaitAsync(Bound);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.WaitAsync(Bound));

        // The outcome was delivered; the run commits it once the store lets it.
        store.Open();
        await AssertSucceededAsync(sfn, arn, """{"done":1}""");
        await sfn.ShutdownAsync();
    }

    [Fact]
    public async Task A_handler_that_calls_back_before_it_returns_does_not_wait_for_itself()
    {
        LocalStepFunctions? sfn = null;
        var handlers = new TaskHandlerRegistry();
        handlers.Register("arn:aws:states:::sqs:sendMessage*", async invocation =>
        {
            // The outcome cannot be committed before this handler returns: the call must not wait for that commit.
            await sfn!.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = invocation.TaskToken!, Output = """{"early":1}""" }).WaitAsync(Bound);
            return JsonValue.Parse("""{"MessageId":"m"}""");
        });
        sfn = new LocalStepFunctions(new StepFunctionsOptions
        {
            AccountId = "111111111111",
            Region = "us-east-1",
            Store = new InMemoryStepFunctionsStore(),
            Execution = new ExecutionOptions { TaskHandlers = handlers },
        });
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("Early", CallbackDefinition);
        var arn = await sfn.StartAsync(machine, "early");

        await AssertSucceededAsync(sfn, arn, """{"early":1}""");
        await sfn.ShutdownAsync();
    }

    [Fact]
    public async Task Without_a_store_a_callback_has_no_commit_to_wait_for()
    {
        var workflow = new DurableWorkflow();
        var (sfn, arn, token) = await StartCallbackAsync(workflow, null);

        await sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = """{"done":1}""" }).WaitAsync(Bound);
        await AssertSucceededAsync(sfn, arn, """{"done":1}""");
    }

    [Fact]
    public async Task The_kernel_gives_no_commit_to_wait_for_to_a_task_of_a_run_without_a_journal()
    {
        var kernel = new ExecutionKernel();
        kernel.RegisterPending("plain", static () => { });
        Assert.True(kernel.TrySendTaskSuccess("plain", default, out var plain));
        Assert.Null(plain);

        var durable = kernel.RegisterPending("durable", static () => { }, durable: true);
        Assert.True(kernel.TrySendTaskFailure("durable", "E", null, out var committed));
        Assert.NotNull(committed);
        Assert.False(committed!.IsCompleted);
        durable.Committed!.TrySetResult(true);
        Assert.True(await committed.WaitAsync(Bound));
    }
}
