using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AslCompiler.Runtime.Api;
using AslCompiler.Tests.Shared;
using Xunit.Abstractions;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// Replays ../shared/corpus/localstack/api_error_cases (errors recorded on AWS): each request runs against a fresh
/// LocalStepFunctions arranged as the recorded test arranged AWS, and must fail with the recorded error code and,
/// where the recording is verifiable, the recorded message. Cases listed in ApiErrorCorpusSkipList.txt cannot pass
/// yet (reason per entry); the pass count must not drop below the floor.
/// </summary>
public sealed class ApiErrorCorpusTests(ITestOutputHelper output)
{
    private const int PassFloor = 206;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = false,
        Converters = { new JsonStringEnumConverter() },
    };

    [Fact]
    public async Task Recorded_AWS_errors_replay()
    {
        var skip = CorpusLocator.ReadSkipList(Path.Combine("Api", "ApiErrorCorpusSkipList.txt"));
        var passed = 0;
        var failures = new List<string>();
        var nowPassing = new List<string>();
        foreach (var recorded in RecordedApiError.Load(CorpusLocator.Root))
        {
            var outcome = await ReplayAsync(recorded);
            if (outcome is null)
            {
                passed++;
                if (skip.Contains(recorded.Id))
                {
                    nowPassing.Add(recorded.Id); // a case that passes must leave the skip list
                }
            }
            else if (!skip.Contains(recorded.Id))
            {
                failures.Add(recorded.Id + ": " + outcome);
            }
            else
            {
                output.WriteLine("skipped " + recorded.Id + ": " + outcome);
            }
        }

        output.WriteLine($"passed {passed}, skipped {skip.Count}");
        Assert.True(nowPassing.Count == 0, "now passing, remove from the skip list:\n" + string.Join("\n", nowPassing));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(passed >= PassFloor, $"only {passed} recorded errors replayed");
    }

    /// <summary>Null when the recorded error is reproduced, else what differed.</summary>
    private static async Task<string?> ReplayAsync(RecordedApiError recorded)
    {
        var method = typeof(IStepFunctions).GetMethod(recorded.Action + "Async");
        if (method is null)
        {
            return "no action " + recorded.Action;
        }

        var sfn = ApiFixture.Create();
        await recorded.ArrangeAsync(sfn);
        object requestObject;
        try
        {
            requestObject = recorded.Request.Deserialize(method.GetParameters()[0].ParameterType, Json)!;
        }
        catch (JsonException e)
        {
            return "request not representable in the typed API: " + e.Message;
        }

        try
        {
            await InvokeAsync(method, sfn, requestObject);
            return "no error";
        }
        catch (StepFunctionsException e)
        {
            return recorded.Compare(e.ErrorCode, e.Message);
        }
        catch (NotSupportedException e)
        {
            return "needs the execution engine: " + e.Message;
        }
    }

    private static async Task InvokeAsync(MethodInfo method, LocalStepFunctions sfn, object request)
    {
        Task task;
        try
        {
            task = (Task)method.Invoke(sfn, [request, CancellationToken.None])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }

        await task;
    }
}
