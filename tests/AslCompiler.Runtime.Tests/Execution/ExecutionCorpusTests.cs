using System.Text;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using AslCompiler.Tests.Shared;
using Xunit.Abstractions;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// The localstack corpus (executions recorded on AWS) run on the interpreter, every case whatever services it needs.
/// Task results come from each case's recorded history (the Lambda/Task outcomes, replayed in order; a
/// <c>.waitForTaskToken</c> task gets its recorded submission and then its outcome as the token's callback; recorded
/// activity workers answer activities), or from its mock configuration when its test used one. Status, output, error,
/// cause and the sequence of history event types must match. Known misses are listed with a reason in
/// LocalstackCorpusSkipList.txt.
/// </summary>
public sealed class ExecutionCorpusTests(ITestOutputHelper output)
{
    private const int Floor = 839;

    private const string RecordedAccount = "111111111111";

    [Fact]
    public async Task Recorded_executions_reproduce()
    {
        var skips = LoadSkipList();
        var dir = Path.Combine(CorpusLocator.Root, "localstack", "cases");
        var perCategory = new SortedDictionary<string, (int Pass, int Total)>(StringComparer.Ordinal);
        var unexpectedFailures = new List<string>();
        var unexpectedPasses = new List<string>();
        var conversionProblems = new List<string>();
        var report = new StringBuilder();
        var passed = 0;
        foreach (var file in Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            var testCase = JsonValue.Parse(File.ReadAllText(file));
            var id = testCase["id"].GetString();
            if (Environment.GetEnvironmentVariable("ASL_CORPUS_TRACE") is { Length: > 0 } trace)
            {
                File.AppendAllText(trace, id + Environment.NewLine);
            }

            var category = testCase["category"].GetString();
            var problem = await RunCaseAsync(testCase, result =>
            {
                // Every recorded event also reads as the API's event, directly as through its JSON text (ApiHistoryEvents).
                if (result.History is { } history && Api.ApiHistoryEventsTests.ConversionProblem(history) is { } conversion)
                {
                    conversionProblems.Add(id + ": " + conversion);
                }
            });
            var (pass, total) = perCategory.GetValueOrDefault(category);
            perCategory[category] = (pass + (problem is null ? 1 : 0), total + 1);
            if (problem is null)
            {
                passed++;
                if (skips.ContainsKey(id))
                {
                    unexpectedPasses.Add(id);
                }
            }
            else
            {
                report.Append(id).Append('\t').AppendLine(problem.ReplaceLineEndings(" "));
                if (!skips.ContainsKey(id))
                {
                    unexpectedFailures.Add(id + ": " + problem);
                }
            }
        }

        foreach (var (category, (pass, total)) in perCategory)
        {
            output.WriteLine($"{category}: {pass}/{total}");
        }

        output.WriteLine($"total: {passed}/{perCategory.Values.Sum(v => v.Total)}");
        if (Environment.GetEnvironmentVariable("ASL_CORPUS_REPORT") is { Length: > 0 } reportPath)
        {
            File.WriteAllText(reportPath, report.ToString());
        }

        Assert.True(passed >= Floor, $"Only {passed} cases pass; the floor is {Floor}.");
        Assert.True(unexpectedPasses.Count == 0, "Now passing, remove from the skip list: " + string.Join(", ", unexpectedPasses));
        Assert.True(unexpectedFailures.Count == 0, string.Join(Environment.NewLine, unexpectedFailures.Take(30)));
        Assert.True(conversionProblems.Count == 0, string.Join(Environment.NewLine, conversionProblems.Take(30)));
    }

    /// <summary>
    /// The same cases with history off (as Express executions run through the API, and as throughput code runs them):
    /// status, output, error and cause are still the recorded ones, the event ids in causes (<c>entered at the event id
    /// #N</c>) included, though no event is kept. Cases recorded RUNNING or ABORTED, and those known to miss, are left out.
    /// </summary>
    [Fact]
    public async Task Recorded_outcomes_reproduce_with_history_off()
    {
        var skips = LoadSkipList();
        var dir = Path.Combine(CorpusLocator.Root, "localstack", "cases");
        var problems = new List<string>();
        var compared = 0;
        var withEventIds = 0;
        foreach (var file in Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            var testCase = JsonValue.Parse(File.ReadAllText(file));
            var id = testCase["id"].GetString();
            if (skips.ContainsKey(id) || testCase["expected"]["status"].GetString() is "RUNNING" or "ABORTED")
            {
                continue;
            }

            compared++;
            withEventIds += testCase["expected"]["cause"].TryGetString(out var cause) && cause.Contains("event id #", StringComparison.Ordinal) ? 1 : 0;
            if (await RunCaseAsync(testCase, recordHistory: false) is { } problem)
            {
                problems.Add(id + ": " + problem);
            }
        }

        output.WriteLine($"compared: {compared}, with event ids in the cause: {withEventIds}, differing: {problems.Count}");
        Assert.True(withEventIds >= 20, "The corpus should hold causes that name event ids: " + withEventIds);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Take(30)));
    }

    internal static async Task<string?> RunCaseAsync(JsonValue testCase, Action<ExecutionResult>? ran = null, bool recordHistory = true)
    {
        var expected = testCase["expected"];
        StateMachineProgram program;
        try
        {
            program = AslInterpreter.Compile(testCase["definition"].ToJsonString());
        }
        catch (AslCompilationException e)
        {
            return "does not compile: " + e.Message;
        }

        var clock = new VirtualTimeProvider(DateTimeOffset.UtcNow);
        ExecutionKernel? kernel = null;
        var handlers = new TaskHandlerRegistry().Register("*", RecordedTaskOutcomes.Handler(expected["history"], testCase["lambda"], () => kernel!));
        // The recorder shows every account id as 111111111111 (the synthetic Lambda ARNs use it too): run in that account.
        kernel = new ExecutionKernel(new ExecutionOptions
        {
            TimeProvider = clock,
            TaskHandlers = handlers,
            Mocks = MockedTestCase(testCase),
            ItemReader = UploadedObjectReader(testCase),
            AccountId = RecordedAccount,
            RoleArn = "arn:aws:iam::" + RecordedAccount + ":role/StatesExecutionRole",
        });
        var type = testCase["state_machine_type"].TryGetString(out var t) && t == "EXPRESS" ? ExecutionType.Express : ExecutionType.Standard;
        ExecutionResult result;
        using var stop = new CancellationTokenSource();
        StartActivityWorkers(kernel, testCase, stop.Token);
        try
        {
            if (expected["status"].TryGetString(out var status) && status is "RUNNING" or "ABORTED")
            {
                result = await ObserveRunningAsync(kernel, program, testCase["input"], type, clock, stopIt: status == "ABORTED", stop);
            }
            else
            {
                stop.CancelAfter(TimeSpan.FromSeconds(3));
                var work = kernel.RunAsync(program, testCase["input"], new ExecutionRequest { Type = type, Synchronous = testCase["execution_api"].TryGetString(out var api) && api == "StartSyncExecution", RecordHistory = recordHistory }, stop.Token).AsTask();
                result = await VirtualClock.RunAsync(clock, work, TimeSpan.FromSeconds(1));
            }
        }
        catch (TimeoutException)
        {
            return "still running (" + expected["status"] + ")";
        }

        ran?.Invoke(result);
        try
        {
            var problem = recordHistory ? Compare(testCase, expected, result) : CompareOutcome(testCase, expected, result);
            if (problem is null && result.Status != ExecutionStatus.Running && expected["status"].GetString() != "ABORTED"
                && expected["history"].TryGetArray(out var recorded) && recorded.Count > 0 // an Express execution's is not recorded
                && RecordedStatesEntered(expected["history"]) is var entered && entered != result.StatesEntered)
            {
                // One state transition per state entered, history on or off, as AWS's history counts them.
                problem = "states entered " + result.StatesEntered + ", recorded " + entered;
            }

            return problem;
        }
        finally
        {
            await stop.CancelAsync(); // an execution observed while it ran is stopped once compared
        }
    }

    private static long RecordedStatesEntered(JsonValue history) =>
        (history.TryGetArray(out var events) ? events : Enumerable.Empty<JsonValue>()).LongCount(e => e["type"].TryGetString(out var type) && type.EndsWith("StateEntered", StringComparison.Ordinal));

    /// <summary>
    /// A recorded RUNNING (or ABORTED) execution was looked at (or stopped) by the test right after it started: run it
    /// without moving the clock until it waits, then take it as it is (RUNNING) or stop it (ABORTED).
    /// </summary>
    private static async Task<ExecutionResult> ObserveRunningAsync(ExecutionKernel kernel, StateMachineProgram program, JsonValue input, ExecutionType type, VirtualTimeProvider clock, bool stopIt, CancellationTokenSource stop)
    {
        var history = new ExecutionHistory(clock, kernel.Options.MaxHistoryEvents);
        var work = kernel.RunAsync(program, input, new ExecutionRequest { Type = type, History = history }, stop.Token).AsTask();
        await Task.WhenAny(work, Task.Delay(200));
        if (!work.IsCompleted)
        {
            if (!stopIt)
            {
                return new ExecutionResult(string.Empty, string.Empty, ExecutionStatus.Running, default, null, null, clock.GetUtcNow(), clock.GetUtcNow(), history);
            }

            await stop.CancelAsync();
        }

        return await work;
    }

    /// <summary>
    /// The recorded activity workers: one per activity the definition names, polling it as the recorded worker
    /// (ActivityStarted's workerName) and answering each task with the next recorded outcome (ActivitySucceeded or
    /// ActivityFailed; none for ActivityTimedOut, which the task's own timer ends).
    /// </summary>
    private static void StartActivityWorkers(ExecutionKernel kernel, JsonValue testCase, CancellationToken stop)
    {
        var definition = testCase["definition"].ToJsonString();
        var activities = System.Text.RegularExpressions.Regex.Matches(definition, "\"(arn:aws:states:[^\"]*:activity:[^\"]+)\"")
            .Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToArray();
        if (activities.Length == 0)
        {
            return;
        }

        var outcomes = new Queue<JsonValue>();
        string? workerName = null;
        foreach (var e in expected(testCase))
        {
            var type = e["type"].GetString();
            if (type == "ActivityStarted")
            {
                workerName ??= e["activityStartedEventDetails"]["workerName"].TryGetString(out var w) ? w : null;
            }
            else if (type is "ActivitySucceeded" or "ActivityFailed" or "ActivityTimedOut")
            {
                outcomes.Enqueue(e);
            }
        }

        foreach (var arn in activities)
        {
            _ = Task.Run(() => WorkAsync(arn), stop);
        }

        async Task WorkAsync(string arn)
        {
            while (!stop.IsCancellationRequested)
            {
                ActivityTask? task;
                try
                {
                    task = await kernel.GetActivityTaskAsync(arn, workerName, stop);
                }
                catch (OperationCanceledException)
                {
                    return; // the case is compared: its execution is stopped
                }

                JsonValue outcome;
                lock (outcomes)
                {
                    if (task is null || !outcomes.TryDequeue(out outcome))
                    {
                        continue;
                    }
                }

                switch (outcome["type"].GetString())
                {
                    case "ActivitySucceeded":
                        kernel.SendTaskSuccess(task.TaskToken, RecordedTaskOutcomes.Decode(RecordedTaskOutcomes.Details(outcome)["output"]));
                        break;
                    case "ActivityFailed":
                        var (error, cause) = RecordedTaskOutcomes.FailureOf(outcome);
                        kernel.SendTaskFailure(task.TaskToken, error, cause);
                        break;
                }
            }
        }

        static IEnumerable<JsonValue> expected(JsonValue testCase) =>
            testCase["expected"]["history"].TryGetArray(out var events) ? events : [];
    }

    /// <summary>
    /// A distributed Map's ItemReader over the S3 object the case's test uploaded (<see cref="RecordedS3Objects"/>), put at
    /// the input's Bucket and Key; null for the other cases.
    /// </summary>
    private static Func<ItemReaderRequest, CancellationToken, ValueTask<JsonValue>>? UploadedObjectReader(JsonValue testCase)
    {
        if (!RecordedS3Objects.ByCase.TryGetValue(testCase["id"].GetString(), out var uploaded))
        {
            return null;
        }

        var input = testCase["input"];
        return new S3ItemReader(new InMemoryS3ObjectSource().Put(input["Bucket"].GetString(), input["Key"].GetString(), uploaded)).ReadAsync;
    }

    /// <summary>
    /// The mocked responses of a case its LocalStack test ran with a Step Functions Local mock configuration (the
    /// configuration's one test case); null for the others, whose task outcomes are replayed from the history.
    /// </summary>
    private static MockTestCase? MockedTestCase(JsonValue testCase)
    {
        if (!testCase["mock_config"].TryGetObject(out _))
        {
            return null;
        }

        var configuration = MockConfiguration.Parse(testCase["mock_config"]);
        var machine = configuration.StateMachineNames.Single();
        return configuration.GetTestCase(machine, testCase["mock_config"]["StateMachines"][machine]["TestCases"].GetObject().Names.Single());
    }

    /// <summary>Status, output, error and cause against the recording (history off: no events to compare).</summary>
    private static string? CompareOutcome(JsonValue testCase, JsonValue expected, ExecutionResult result)
    {
        var problems = OutcomeProblems(testCase, expected, result, out _);
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static List<string> OutcomeProblems(JsonValue testCase, JsonValue expected, ExecutionResult result, out SnapshotMatcher matcher)
    {
        var problems = new List<string>();
        if (result.StatusName != expected["status"].GetString())
        {
            problems.Add("status " + result.StatusName + " != " + expected["status"]);
        }

        // Recorded values hold the snapshot recorder's placeholders: one matcher per case keeps their bindings consistent.
        matcher = SnapshotMatcher.ForCase(testCase);
        if (result.Status == ExecutionStatus.Succeeded && matcher.Compare(RecordedTaskOutcomes.Decode(expected["output"]), result.Output, "output") is { } outputProblem)
        {
            problems.Add(outputProblem + " (output " + result.Output.ToJsonString() + ")");
        }

        if (result.Status != ExecutionStatus.Succeeded)
        {
            if (Differs(matcher, expected["error"], result.Error, "error") is { } errorProblem)
            {
                problems.Add(errorProblem);
            }

            if (Differs(matcher, expected["cause"], result.Cause, "cause") is { } causeProblem)
            {
                problems.Add(causeProblem);
            }
        }

        return problems;
    }

    private static string? Compare(JsonValue testCase, JsonValue expected, ExecutionResult result)
    {
        var problems = OutcomeProblems(testCase, expected, result, out var matcher);
        var expectedEvents = expected["events"].TryGetArray(out var events) ? events.Select(e => e.GetString()).ToArray() : [];
        var actualEvents = result.History!.Events.Select(e => e.Type).ToArray();
        if (ParallelEventsNormaliser.Applies(expected["history"]))
        {
            // The recorder normalised this history's Parallel events (and lost some): do the same to ours.
            actualEvents = [.. ParallelEventsNormaliser.Apply(actualEvents)];
        }

        if (expectedEvents.Length > 0 && !expectedEvents.SequenceEqual(actualEvents))
        {
            var concurrent = testCase["definition"].ToJsonString().Contains("\"Parallel\"", StringComparison.Ordinal);
            if (!concurrent || !expectedEvents.Order(StringComparer.Ordinal).SequenceEqual(actualEvents.Order(StringComparer.Ordinal)))
            {
                problems.Add("events [" + string.Join(" ", actualEvents) + "] != [" + string.Join(" ", expectedEvents) + "]");
            }
        }

        if (AssignedVariablesProblem(testCase, expected, result, matcher) is { } assignedProblem)
        {
            problems.Add(assignedProblem);
        }

        if (PreviousEventIdProblem(expected["history"], result.History!) is { } previousProblem)
        {
            problems.Add(previousProblem);
        }

        if (DetailFieldsProblem(expected["history"], result.History!) is { } fieldsProblem)
        {
            problems.Add(fieldsProblem);
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>
    /// Each event's <c>previousEventId</c> is the recording's, where the recorder kept the ids (it masks those of
    /// Parallel branches, whose order varies) and the events are the recording's, one for one. One difference is
    /// AWS's own: after a Map Run succeeds, <c>MapStateExited</c> points at <c>MapRunSucceeded</c> in most recordings
    /// and at <c>MapRunStarted</c> in some (the same definitions recorded both ways), so either is taken there.
    /// </summary>
    private static string? PreviousEventIdProblem(JsonValue recordedHistory, ExecutionHistory history)
    {
        if (!recordedHistory.TryGetArray(out var recorded) || recorded.Count != history.Count)
        {
            return null;
        }

        var ids = new long[recorded.Count];
        for (var i = 0; i < recorded.Count; i++)
        {
            if (!recorded[i]["id"].TryGetInt64(out ids[i]) || ids[i] != i + 1 || recorded[i]["type"].GetString() != history.Events[i].Type)
            {
                return null;
            }
        }

        for (var i = 0; i < recorded.Count; i++)
        {
            var actual = history.Events[i];
            if (!recorded[i]["previousEventId"].TryGetInt64(out var expected) || expected == actual.PreviousEventId)
            {
                continue;
            }

            var eitherMapRunEvent = actual.Type == "MapStateExited" && expected > 0 && actual.PreviousEventId > 0
                && history.Events[(int)expected - 1].Type == "MapRunStarted" && history.Events[(int)actual.PreviousEventId - 1].Type == "MapRunSucceeded";
            if (!eitherMapRunEvent)
            {
                return $"previousEventId of event {actual.Id} ({actual.Type}) {actual.PreviousEventId} != {expected}";
            }
        }

        return null;
    }

    /// <summary>
    /// Each event has the recording's details member with the recording's fields (names only: the recorder masks and
    /// decodes values), where the events are the recording's, one for one.
    /// </summary>
    private static string? DetailFieldsProblem(JsonValue recordedHistory, ExecutionHistory history)
    {
        if (!recordedHistory.TryGetArray(out var recorded) || recorded.Count != history.Count)
        {
            return null;
        }

        for (var i = 0; i < recorded.Count; i++)
        {
            if (recorded[i]["type"].GetString() != history.Events[i].Type)
            {
                return null;
            }
        }

        for (var i = 0; i < recorded.Count; i++)
        {
            var actual = history.Events[i];
            var recordedDetails = recorded[i].GetObject().FirstOrDefault(m => m.Key.EndsWith("EventDetails", StringComparison.Ordinal));
            var expectedName = recordedDetails.Key;
            var expectedFields = expectedName is null ? [] : recordedDetails.Value.GetObject().Select(m => m.Key).Order(StringComparer.Ordinal).ToArray();
            var details = actual.Details;
            var actualName = details.IsUndefined ? null : actual.DetailsName;
            var actualFields = actualName is null ? [] : details.GetObject().Select(m => m.Key).Order(StringComparer.Ordinal).ToArray();
            if (expectedName != actualName || !expectedFields.SequenceEqual(actualFields))
            {
                return $"details of event {actual.Id} ({actual.Type}): {actualName} [{string.Join(" ", actualFields)}] != {expectedName} [{string.Join(" ", expectedFields)}]";
            }
        }

        return null;
    }

    /// <summary>
    /// Each state's exited event shows what the state assigned (<c>assignedVariables</c>: each name to its value's JSON
    /// text) exactly where the recording does. Compared exit by exit where the events come in one order (no Parallel
    /// or Map state); the recorder stores a JSON object's text decoded, as it does outputs.
    /// </summary>
    private static string? AssignedVariablesProblem(JsonValue testCase, JsonValue expected, ExecutionResult result, SnapshotMatcher matcher)
    {
        var definition = testCase["definition"].ToJsonString();
        if (!expected["history"].TryGetArray(out var recorded) || definition.Contains("\"Parallel\"", StringComparison.Ordinal) || definition.Contains("\"Map\"", StringComparison.Ordinal))
        {
            return null;
        }

        var recordedExits = recorded.AsSpan().ToArray().Where(e => e["type"].TryGetString(out var type) && type.EndsWith("StateExited", StringComparison.Ordinal)).Select(e => e["stateExitedEventDetails"]).ToArray();
        var actualExits = result.History!.Events.Where(e => e.Type.EndsWith("StateExited", StringComparison.Ordinal)).Select(e => e.Details).ToArray();
        for (var i = 0; i < Math.Min(recordedExits.Length, actualExits.Length); i++)
        {
            var (expectedVariables, actualVariables) = (recordedExits[i]["assignedVariables"], actualExits[i]["assignedVariables"]);
            var where = "exit of " + recordedExits[i]["name"].ToJsonString() + " assignedVariables";
            if (expectedVariables.IsUndefined != actualVariables.IsUndefined)
            {
                return where + (expectedVariables.IsUndefined ? " not recorded: " + actualVariables.ToJsonString() : " missing");
            }

            if (expectedVariables.IsUndefined)
            {
                continue;
            }

            if (!expectedVariables.TryGetObject(out var expectedObject) || !actualVariables.TryGetObject(out var actualObject) || expectedObject.Count != actualObject.Count)
            {
                return where + ": " + actualVariables.ToJsonString() + " != recorded " + expectedVariables.ToJsonString();
            }

            foreach (var (name, value) in expectedObject)
            {
                // A value is its JSON text; the recorder put its placeholders ("date") in place of values inside it.
                var actualValue = actualObject.TryGetValue(name, out var v) ? v : default;
                var problem = value.TryGetString(out var text) && JsonValue.TryParse(text, out var recordedValue, out _) && actualValue.TryGetString(out var actualText) && JsonValue.TryParse(actualText, out var parsed, out _)
                    ? matcher.Compare(recordedValue, parsed, where + "." + name)
                    : matcher.Compare(value, actualValue, where + "." + name);
                if (problem is not null)
                {
                    return problem;
                }
            }

            if (matcher.Compare(recordedExits[i]["assignedVariablesDetails"], actualExits[i]["assignedVariablesDetails"], where + "Details") is { } detailsProblem)
            {
                return detailsProblem;
            }
        }

        return null;
    }

    private static string? Differs(SnapshotMatcher matcher, JsonValue expected, string? actual, string what)
    {
        if (expected.IsNull || expected.IsUndefined || actual is null)
        {
            return (expected.IsNull || expected.IsUndefined) == (actual is null) ? null : what + " " + (actual ?? "null") + " != " + expected;
        }

        return matcher.Compare(expected, actual, what);
    }

    private static Dictionary<string, string> LoadSkipList()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Execution", "LocalstackCorpusSkipList.txt");
        var skips = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            skips[tab < 0 ? line : line[..tab]] = tab < 0 ? string.Empty : line[(tab + 1)..];
        }

        return skips;
    }
}
