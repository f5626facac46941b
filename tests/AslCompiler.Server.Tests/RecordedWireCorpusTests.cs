using System.Reflection;
using System.Text;
using AslCompiler.Runtime.Api;
using AslCompiler.Tests.Shared;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace AslCompiler.Server.Tests;

/// <summary>
/// The API errors (../shared/corpus/localstack/api_error_cases), ValidateStateMachineDefinition answers
/// (validation_cases) and TestState responses (test_state_cases) recorded on AWS, replayed over the wire as an AWS SDK sends them to <c>asl serve</c>. Each recorded
/// error's request body is posted as <c>AWSStepFunctions.&lt;Action&gt;</c> to a server over a fresh LocalStepFunctions
/// arranged as the recorded test arranged AWS, and the answer's <c>__type</c> and <c>message</c> must be the recorded
/// error code and message. This covers what the typed replay (the runtime's ApiErrorCorpusTests) cannot: the request's
/// decoding from JSON, and requests a typed API cannot carry. Each validation's and TestState's answer must be the
/// recorded one (TestState compared as <see cref="RecordedTestStates"/> compares it).
/// </summary>
public sealed class RecordedWireCorpusTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Unreplayable = new(StringComparer.Ordinal)
    {
        ["test_sfn_api__test_create_update_state_machine_base_update_none_None___null_required_parameter"] =
            "botocore refused the request before sending it (a null definition and role ARN): what AWS answers on the wire is not recorded",
        ["test_sfn_api_aliasing__test_update_no_such_alias_arn_None___update_no_such_alias_arn.exception_value"] =
            "the recorded request holds an unresolved placeholder instead of the alias ARN",
    };

    [Fact]
    public async Task Recorded_AWS_errors_replay_over_the_wire()
    {
        var forwarder = DispatchProxy.Create<IStepFunctions, Forwarder>();
        var api = (Forwarder)(object)forwarder;
        await using var server = StepFunctionsServer.Create(forwarder, new StepFunctionsServerOptions { Port = 0 }, logging => logging.ClearProviders());
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var failures = new List<string>();
        var passed = 0;
        var cases = RecordedApiError.Load(CorpusRoot());
        foreach (var recorded in cases)
        {
            var sfn = RecordedApiError.CreateApi();
            await recorded.ArrangeAsync(sfn);
            api.Target = sfn;

            using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(recorded.Request.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.0") };
            request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions." + recorded.Action);
            using var response = await client.SendAsync(request);
            var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());
            var type = body?["__type"]?.GetValue<string>();
            var problem = type is null
                ? "no error (" + (int)response.StatusCode + ")"
                : recorded.Compare(type[(type.LastIndexOf('#') + 1)..], body?["message"]?.GetValue<string>() ?? string.Empty);
            if (problem is null)
            {
                passed++;
                Assert.False(Unreplayable.ContainsKey(recorded.Id), recorded.Id + " now passes: remove it from Unreplayable");
            }
            else if (!Unreplayable.ContainsKey(recorded.Id))
            {
                failures.Add(recorded.Id + ": " + problem);
            }
        }

        output.WriteLine("passed " + passed + " of " + cases.Count);
        Assert.True(failures.Count == 0, failures.Count + " failed:\n" + string.Join("\n", failures));
        Assert.True(passed >= 207, "only " + passed + " replayed");
    }

    [Fact]
    public async Task Recorded_validations_replay_over_the_wire()
    {
        await using var server = StepFunctionsServer.Create(RecordedApiError.CreateApi(), new StepFunctionsServerOptions { Port = 0 }, logging => logging.ClearProviders());
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var files = Directory.GetFiles(Path.Combine(CorpusRoot(), "localstack", "validation_cases"), "*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var recorded = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!;
            var request = recorded["request"]!.DeepClone().AsObject();
            if (request["definition"] is { } definition && definition.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                request["definition"] = definition.ToJsonString();
            }

            using var message = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.0") };
            message.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions.ValidateStateMachineDefinition");
            using var response = await client.SendAsync(message);
            var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var expected = recorded["expected_response"]!;
            var name = Path.GetFileNameWithoutExtension(file);
            Assert.True(response.IsSuccessStatusCode, name + ": " + body.ToJsonString());
            Assert.True(expected["result"]!.GetValue<string>() == body["result"]?.GetValue<string>(), name + ": " + body.ToJsonString());
            Assert.Equal(expected["truncated"]!.GetValue<bool>(), body["truncated"]?.GetValue<bool>() ?? false);
            var want = expected["diagnostics"]!.AsArray();
            var got = body["diagnostics"]!.AsArray();
            Assert.True(want.Count == got.Count, name + ": " + got.ToJsonString());
            for (var i = 0; i < want.Count; i++)
            {
                Assert.Equal(want[i]!["code"]!.GetValue<string>(), got[i]!["code"]!.GetValue<string>());
                Assert.Equal(want[i]!["severity"]!.GetValue<string>(), got[i]!["severity"]!.GetValue<string>());
                if (want[i]!["code"]!.GetValue<string>() != "INVALID_JSON_DESCRIPTION")
                {
                    // AWS's JSON parser names its own source positions there; elsewhere the location and message are exact.
                    Assert.Equal(want[i]!["location"]?.GetValue<string>(), got[i]!["location"]?.GetValue<string>());
                    Assert.Equal(want[i]!["message"]!.GetValue<string>(), got[i]!["message"]!.GetValue<string>());
                }
            }
        }
    }

    [Fact]
    public async Task Recorded_TestState_responses_replay_over_the_wire()
    {
        await using var server = StepFunctionsServer.Create(RecordedApiError.CreateApi(), new StepFunctionsServerOptions { Port = 0 }, logging => logging.ClearProviders());
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var directory = Path.Combine(CorpusRoot(), "localstack", "test_state_cases");
        var cases = RecordedTestStates.Cases(directory);
        Assert.True(cases.Count >= 107, cases.Count + " cases");
        var failures = new List<string>();
        foreach (var file in cases)
        {
            var recorded = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(directory, file)))!;
            using var message = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(RecordedTestStates.RequestAsSent(recorded["request"]!.AsObject()).ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.0") };
            message.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions.TestState");
            using var response = await client.SendAsync(message);
            var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            if (!response.IsSuccessStatusCode)
            {
                failures.Add(file + ": " + body.ToJsonString());
                continue;
            }

            failures.AddRange(RecordedTestStates.Differences(recorded["expected_response"]!.AsObject(), body).Select(d => file + ": " + d));
        }

        Assert.True(failures.Count == 0, failures.Count + " failed:\n" + string.Join("\n", failures));
    }

    /// <summary>../shared/corpus beside the repository root.</summary>
    internal static string CorpusRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AslCompiler.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
            }
        }

        throw new DirectoryNotFoundException("The repository root (AslCompiler.sln) was not found.");
    }

    /// <summary>An <see cref="IStepFunctions"/> that forwards each call to the current <see cref="Target"/>: one server for every case.</summary>
    public class Forwarder : DispatchProxy
    {
        public IStepFunctions? Target { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            try
            {
                return targetMethod!.Invoke(Target, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }
    }
}
