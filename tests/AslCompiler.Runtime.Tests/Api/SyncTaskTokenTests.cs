using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using ApiStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// A <c>.sync</c> task has a task token too (<c>$$.Task.Token</c>), and SendTaskSuccess or SendTaskFailure with it ends
/// the task with what it sends, when it comes before the job's own end: as AWS records it in the localstack recording
/// <c>test_callback__test_sync_with_task_token</c>, where the child execution's callback (a <c>.waitForTaskToken</c> task
/// given its parent's token) ends the parent's <c>startExecution.sync</c> task with the value it sent.
/// </summary>
public sealed class SyncTaskTokenTests
{
    private const string Notify = "arn:aws:lambda:us-east-1:111111111111:function:notify";

    private static LocalStepFunctions Create(TaskHandlerRegistry handlers) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        TimeProvider = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)),
        Execution = new ExecutionOptions { TaskHandlers = handlers },
    });

    /// <summary>A parent whose <c>.sync</c> task starts <paramref name="child"/> with its own token in the child's input.</summary>
    private static string Parent(string resource, string childArn) => """
        {"StartAt":"Start","States":{"Start":{"Type":"Task","Resource":"RESOURCE",
          "Parameters":{"StateMachineArn":"CHILD","Input":{"ParentToken.$":"$$.Task.Token"}},"End":true}}}
        """.Replace("RESOURCE", resource, StringComparison.Ordinal).Replace("CHILD", childArn, StringComparison.Ordinal);

    [Theory]
    [InlineData("arn:aws:states:::states:startExecution.sync")]
    [InlineData("arn:aws:states:::states:startExecution.sync:2")]
    public async Task A_child_that_answers_its_parents_token_ends_the_parents_sync_task_with_its_answer(string resource)
    {
        LocalStepFunctions? sfn = null;
        var handlers = new TaskHandlerRegistry().Register(Notify, async invocation =>
        {
            await sfn!.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = invocation.Input["token"].GetString(), Output = "\"answered\"" });
            return JsonValue.EmptyObject;
        });
        sfn = Create(handlers);
        // The child answers its parent, then waits an hour: the parent does not wait for it.
        var child = await sfn.CreateMachineAsync("Child", """
            {"StartAt":"Tell","States":{"Tell":{"Type":"Task","Resource":"NOTIFY","Parameters":{"token.$":"$.ParentToken"},"Next":"Linger"},
             "Linger":{"Type":"Wait","Seconds":3600,"End":true}}}
            """.Replace("NOTIFY", Notify, StringComparison.Ordinal));
        var parent = await sfn.CreateMachineAsync("Parent", Parent(resource, child));

        var arn = await sfn.StartAsync(parent, "p");
        var done = await sfn.WaitAsync(arn);

        Assert.Equal(ApiStatus.Succeeded, done.Status);
        Assert.Equal("\"answered\"", done.Output);
        var events = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn })).Events.Select(e => e.Type.ToString());
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"], events);
        var children = (await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = child })).Executions;
        Assert.Equal(ApiStatus.Running, Assert.Single(children).Status); // the child goes on
    }

    [Fact]
    public async Task A_failure_sent_with_the_token_fails_the_sync_task()
    {
        LocalStepFunctions? sfn = null;
        var handlers = new TaskHandlerRegistry().Register(Notify, async invocation =>
        {
            await sfn!.SendTaskFailureAsync(new SendTaskFailureRequest { TaskToken = invocation.Input["token"].GetString(), Error = "Nope", Cause = "child said no" });
            return JsonValue.EmptyObject;
        });
        sfn = Create(handlers);
        var child = await sfn.CreateMachineAsync("Child", """
            {"StartAt":"Tell","States":{"Tell":{"Type":"Task","Resource":"NOTIFY","Parameters":{"token.$":"$.ParentToken"},"End":true}}}
            """.Replace("NOTIFY", Notify, StringComparison.Ordinal));
        var parent = await sfn.CreateMachineAsync("Parent", Parent("arn:aws:states:::states:startExecution.sync", child));

        var done = await sfn.WaitAsync(await sfn.StartAsync(parent, "p"));

        Assert.Equal((ApiStatus.Failed, "Nope", "child said no"), (done.Status, done.Error, done.Cause));
    }

    [Fact]
    public async Task When_the_job_ends_first_the_token_is_spent()
    {
        string? token = null;
        var handlers = new TaskHandlerRegistry().Register("arn:aws:states:::ecs:runTask.sync", invocation =>
        {
            token = invocation.TaskToken;
            return new ValueTask<JsonValue>(JsonValue.Parse("""{"done":true}"""));
        });
        var sfn = Create(handlers);
        var machine = await sfn.CreateMachineAsync("M", """
            {"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask.sync","Parameters":{"t.$":"$$.Task.Token"},"End":true}}}
            """);

        var done = await sfn.WaitAsync(await sfn.StartAsync(machine, "m"));

        Assert.Equal((ApiStatus.Succeeded, """{"done":true}"""), (done.Status, done.Output));
        Assert.NotNull(token);
        // Its task has closed: TaskTimedOut, "the task associated with the token has already been closed" (the reference).
        await Assert.ThrowsAsync<TaskTimedOutException>(() => sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token!, Output = "1" }));
    }

    [Fact]
    public async Task A_handler_of_a_sync_resource_can_be_overtaken_by_a_callback_with_its_token()
    {
        LocalStepFunctions? sfn = null;
        var release = new TaskCompletionSource<JsonValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlers = new TaskHandlerRegistry().Register("arn:aws:states:::glue:startJobRun.sync", async invocation =>
        {
            // The job is long; meanwhile something else answers the task's token.
            await sfn!.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = invocation.TaskToken!, Output = """{"early":true}""" });
            return await release.Task;
        });
        sfn = Create(handlers);
        var machine = await sfn.CreateMachineAsync("M", """
            {"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::glue:startJobRun.sync","Parameters":{"JobName":"j"},"End":true}}}
            """);

        var done = await sfn.WaitAsync(await sfn.StartAsync(machine, "m"));
        release.SetResult(JsonValue.Parse("""{"late":true}"""));

        Assert.Equal((ApiStatus.Succeeded, """{"early":true}"""), (done.Status, done.Output));
    }

    /// <summary>The events of a one-Task machine of <paramref name="resource"/> whose handler is <paramref name="handler"/>.</summary>
    private static async Task<(DescribeExecutionResponse Done, List<Runtime.Api.HistoryEvent> Events)> RunOneTaskAsync(string resource, TaskHandler handler)
    {
        var sfn = Create(new TaskHandlerRegistry().Register(resource, handler));
        var machine = await sfn.CreateMachineAsync("M", """{"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"RESOURCE","Parameters":{"x":1},"End":true}}}""".Replace("RESOURCE", resource, StringComparison.Ordinal));
        var arn = await sfn.StartAsync(machine, "m");
        var done = await sfn.WaitAsync(arn);
        return (done, [.. (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn })).Events]);
    }

    [Fact]
    public async Task A_sync_handler_reports_its_submission_which_the_history_records_before_the_jobs_end()
    {
        var (done, events) = await RunOneTaskAsync("arn:aws:states:::ecs:runTask.sync", invocation =>
        {
            invocation.ReportSubmitted(JsonValue.Parse("""{"Tasks":[{"TaskArn":"t-1"}]}"""));
            invocation.ReportSubmitted(JsonValue.Parse("""{"second":true}""")); // only the first counts
            return new ValueTask<JsonValue>(JsonValue.Parse("""{"StopCode":"EssentialContainerExited"}"""));
        });

        Assert.Equal(ApiStatus.Succeeded, done.Status);
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"], events.Select(e => e.Type.ToString()));
        Assert.Equal("""{"Tasks":[{"TaskArn":"t-1"}]}""", Assert.Single(events, e => e.Type.ToString() == "TaskSubmitted").TaskSubmittedEventDetails!.Output);
    }

    [Fact]
    public async Task A_sync_handler_that_succeeds_without_reporting_is_submitted_with_an_empty_object()
    {
        var (_, events) = await RunOneTaskAsync("arn:aws:states:::glue:startJobRun.sync", _ => new ValueTask<JsonValue>(JsonValue.Parse("""{"JobRunState":"SUCCEEDED"}""")));

        Assert.Equal("{}", Assert.Single(events, e => e.Type.ToString() == "TaskSubmitted").TaskSubmittedEventDetails!.Output);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_sync_handler_that_fails_is_submitted_only_if_it_reported_so(bool reported)
    {
        var (done, events) = await RunOneTaskAsync("arn:aws:states:::batch:submitJob.sync", invocation =>
        {
            if (reported)
            {
                invocation.ReportSubmitted(JsonValue.Parse("""{"jobId":"j-1"}"""));
            }

            throw new TaskFailedException("Batch.JobFailed", "the job failed");
        });

        Assert.Equal(ApiStatus.Failed, done.Status);
        var expected = reported
            ? new[] { "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskFailed" }
            : ["TaskScheduled", "TaskStarted", "TaskFailed"];
        Assert.Equal(expected, events.Select(e => e.Type.ToString()).Where(t => t.StartsWith("Task", StringComparison.Ordinal) && t != "TaskStateEntered"));
    }

    [Fact]
    public async Task A_report_from_a_request_response_task_is_ignored()
    {
        var (_, events) = await RunOneTaskAsync("arn:aws:states:::sqs:sendMessage", invocation =>
        {
            invocation.ReportSubmitted(JsonValue.EmptyObject);
            return new ValueTask<JsonValue>(JsonValue.EmptyObject);
        });

        Assert.DoesNotContain(events, e => e.Type.ToString() == "TaskSubmitted");
    }
}
