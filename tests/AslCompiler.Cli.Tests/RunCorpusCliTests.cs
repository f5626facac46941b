using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tests.Execution;
using AslCompiler.Tests.Shared;

namespace AslCompiler.Cli.Tests;

/// <summary>
/// The executions recorded on AWS (../shared/corpus/localstack/cases) that <c>asl run</c> can replay on its own, run
/// through it: those that need no service (<c>needs: ["none"]</c>) as <c>asl run FILE --input @INPUT --type TYPE
/// --history</c>, and those whose LocalStack test ran them with a Step Functions Local mock configuration
/// (<c>mock_config</c>) with <c>--mock CONFIG --test-case NAME</c> as well, the definition saved under the mocked state
/// machine's name; and those whose services only Task states call (Lambda, SNS, SQS, DynamoDB, S3, the AWS SDK, callbacks,
/// .sync jobs, activities) with a mock configuration built from the recorded history (<see cref="RecordedTaskOutcomes.MockConfiguration"/>); a
/// distributed Map's ItemReader reads the object its test uploaded (<see cref="RecordedS3Objects"/>) from an
/// <c>--s3</c> folder. Status, exit code, output, error,
/// cause and the sequence of history event types must match the recording, as ExecutionCorpusTests compares them
/// (snapshot placeholders stand for any value of their shape).
/// <see cref="Unreplayable"/> lists the recordings that cannot match, with reasons.
/// </summary>
public sealed class RunCorpusCliTests
{
    /// <summary>The account the recorder writes for every account id; <c>asl run</c> runs in its default account.</summary>
    private const string RecordedAccount = "111111111111";

    /// <summary>The recordings no replay of the definition can match (<see cref="RecordedTaskOutcomes.NotReplayable"/>), and one asl run cannot.</summary>
    private static readonly Dictionary<string, string> Unreplayable = new(RecordedTaskOutcomes.NotReplayable, StringComparer.Ordinal)
    {
        ["test_wait__test_timestamp_too_far_in_future_boundary_24855"] =
            "recorded RUNNING (the test read the history mid-Wait), where asl run waits on its virtual clock until the execution ends",
    };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(CasesDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileNameWithoutExtension(path);
            var recorded = JsonValue.Parse(File.ReadAllText(path));
            if (!Unreplayable.ContainsKey(id) && (!recorded["mock_config"].IsUndefined || NeedsNothing(recorded) || RecordedTaskOutcomes.MockConfiguration(recorded) is not null))
            {
                data.Add(id);
            }
        }

        return data;
    }

    [Fact]
    public void The_recorded_cases_are_found()
    {
        var cases = Cases();
        Assert.True(cases.Count + Unreplayable.Count >= 825, cases.Count + " cases");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Recorded_execution_reproduces(string id)
    {
        var testCase = JsonValue.Parse(File.ReadAllText(Path.Combine(CasesDirectory, id + ".json")));
        var mock = testCase["mock_config"];
        var type = testCase["state_machine_type"].TryGetString(out var t) && t == "EXPRESS" ? "EXPRESS" : "STANDARD";
        var input = CliRunner.TempFile(testCase["input"].ToJsonString());
        var folder = Directory.CreateDirectory(CliRunner.TempPath(string.Empty)).FullName;
        string[] args;
        if (mock.IsUndefined && RecordedTaskOutcomes.MockConfiguration(testCase) is { } recordedMocks)
        {
            mock = recordedMocks;
        }

        if (mock.IsUndefined)
        {
            var definition = Path.Combine(folder, "machine.asl.json");
            File.WriteAllText(definition, testCase["definition"].ToJsonString());
            args = ["run", definition, "--input", "@" + input, "--type", type, "--history"];
        }
        else
        {
            var (machine, machineConfig) = Assert.Single(mock["StateMachines"].GetObject());
            var (testCaseName, _) = Assert.Single(machineConfig["TestCases"].GetObject());
            var definition = Path.Combine(folder, machine + ".asl.json");
            File.WriteAllText(definition, testCase["definition"].ToJsonString());
            var mocks = CliRunner.TempFile(mock.ToJsonString());
            args = ["run", definition, "--input", "@" + input, "--mock", mocks, "--test-case", testCaseName, "--type", type, "--history"];
        }

        if (RecordedS3Objects.ByCase.TryGetValue(id, out var uploaded))
        {
            // The object the test uploaded, in a folder standing in for S3 (asl run --s3).
            var s3 = Path.Combine(folder, "s3");
            var objectPath = Path.Combine(s3, testCase["input"]["Bucket"].GetString(), testCase["input"]["Key"].GetString());
            Directory.CreateDirectory(Path.GetDirectoryName(objectPath)!);
            File.WriteAllText(objectPath, uploaded);
            args = [.. args, "--s3", s3];
        }

        var (exitCode, output, error) = CliRunner.Run(args);
        Assert.True(output.Length > 0, error);
        // The recorder writes every account id as 111111111111: read the CLI's default account as that one.
        var actual = JsonValue.Parse(output.Replace(DefaultAccount, RecordedAccount, StringComparison.Ordinal));
        var expected = testCase["expected"];
        Assert.Equal(expected["status"].GetString(), actual["status"].GetString());
        Assert.Equal(expected["status"].GetString() == "SUCCEEDED" ? 0 : 1, exitCode);

        var matcher = SnapshotMatcher.ForCase(testCase);
        var problems = new List<string>();
        if (expected["status"].GetString() == "SUCCEEDED" && matcher.Compare(RecordedTaskOutcomes.Decode(expected["output"]), actual["output"], "output") is { } outputProblem)
        {
            problems.Add(outputProblem + " (output " + actual["output"].ToJsonString() + ")");
        }

        foreach (var member in new[] { "error", "cause" })
        {
            if (expected[member].TryGetString(out var want) && matcher.Compare(want, actual[member].TryGetString(out var got) ? got : "(none)", member) is { } problem)
            {
                problems.Add(problem);
            }
        }

        // An Express execution is recorded without a history.
        var expectedEvents = expected["events"].TryGetArray(out var events) ? events.Select(e => e.GetString()).ToArray() : [];
        var actualEvents = actual["events"].GetArray().Select(e => e["type"].GetString()).ToArray();
        if (ParallelEventsNormaliser.Applies(expected["history"]))
        {
            actualEvents = [.. ParallelEventsNormaliser.Apply(actualEvents)];
        }

        // Parallel branches run concurrently: their events interleave in any order (as ExecutionCorpusTests allows).
        var concurrent = testCase["definition"].ToJsonString().Contains("\"Parallel\"", StringComparison.Ordinal);
        if (expectedEvents.Length > 0 && !expectedEvents.SequenceEqual(actualEvents) &&
            (!concurrent || !expectedEvents.Order(StringComparer.Ordinal).SequenceEqual(actualEvents.Order(StringComparer.Ordinal))))
        {
            problems.Add("events [" + string.Join(" ", actualEvents) + "] != [" + string.Join(" ", expectedEvents) + "]");
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static string DefaultAccount => new AslCompiler.Runtime.Api.StepFunctionsOptions().AccountId;

    private static bool NeedsNothing(JsonValue recorded) => RecordedTaskOutcomes.NeedsNothing(recorded);

    private static string CasesDirectory => Path.GetFullPath(Path.Combine(CliRunner.RepositoryFile(".."), "shared", "corpus", "localstack", "cases"));
}
