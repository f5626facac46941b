using System.Text.Json.Nodes;

namespace AslCompiler.Cli.Tests;

/// <summary>
/// AWS-recorded cases replayed through <c>asl eval</c>: the intrinsic_functions cases (the Pass state's Parameters as
/// <c>--template</c>) and the choice_operators cases (the rule as <c>--choice</c>) of ../shared/corpus/localstack.
/// </summary>
public class EvalCorpusTests
{
    // The recordings replace ARNs and names with these placeholders.
    private const string Context = """
        {"Execution":{"Id":"arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>","Name":"<ExecArnPart_0idx>","RoleArn":"snf_role_arn"},
         "StateMachine":{"Id":"arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>","Name":"<ArnPart_0idx>"}}
        """;

    public static TheoryData<string> IntrinsicCases() => CaseFiles("intrinsic_functions", c => SoleState(c)?["Type"]?.GetValue<string>() == "Pass");

    public static TheoryData<string> ChoiceCases() => CaseFiles("choice_operators", c =>
        FirstChoice(c) is { } choice && choice["Choices"]!.AsArray().Count == 1 && (string?)c["expected"]!["status"] == "SUCCEEDED");

    [Fact]
    public void The_corpus_cases_are_found()
    {
        Assert.True(IntrinsicCases().Count >= 90);
        Assert.True(ChoiceCases().Count >= 360);
    }

    [Theory]
    [MemberData(nameof(IntrinsicCases))]
    public void Intrinsic_case_reproduces_through_asl_eval(string file)
    {
        var c = Load(file);
        var state = SoleState(c)!;
        var input = c["input"]!.ToJsonString();
        var context = JsonNode.Parse(Context)!;
        context["Execution"]!["Input"] = JsonNode.Parse(input);

        var (exitCode, output, error) = CliRunner.Run("eval", "--template", state["Parameters"]!.ToJsonString(), "--input", input, "--context", context.ToJsonString());

        var expected = c["expected"]!;
        if ((string?)expected["status"] != "SUCCEEDED")
        {
            Assert.Equal(1, exitCode);
            Assert.Equal((string?)expected["error"], (string?)JsonNode.Parse(output)!["error"]);
            return;
        }

        Assert.True(exitCode == 0, output + error);
        var actual = JsonNode.Parse(output)!;
        if (expected["output"]!["FunctionResult"] is JsonValue marker && marker.GetValueKind() == System.Text.Json.JsonValueKind.String
            && marker.GetValue<string>() == "RandomNumberGenerated")
        {
            Assert.True(actual["FunctionResult"]!.GetValueKind() == System.Text.Json.JsonValueKind.Number);
            return;
        }

        Assert.True(Equivalent(expected["output"], actual), $"expected {expected["output"]!.ToJsonString()}, got {output}");
    }

    [Theory]
    [MemberData(nameof(ChoiceCases))]
    public void Choice_case_reproduces_through_asl_eval(string file)
    {
        var c = Load(file);
        var state = FirstChoice(c)!;
        var rule = state["Choices"]![0]!;

        var (exitCode, output, error) = CliRunner.Run("eval", "--choice", rule.ToJsonString(), "--input", c["input"]!.ToJsonString());

        Assert.True(exitCode == 0, output + error);
        var chosen = output.Trim() == "true" ? (string?)rule["Next"] : (string?)state["Default"];
        Assert.Equal((string?)c["expected"]!["output"]!["TestResult.$"], chosen);
    }

    // Member order is not compared: AWS orders States.JsonMerge results as Java's HashMap does.
    private static bool Equivalent(JsonNode? expected, JsonNode? actual) => expected switch
    {
        JsonObject e when actual is JsonObject a => e.Count == a.Count && e.All(p => a.ContainsKey(p.Key) && Equivalent(p.Value, a[p.Key])),
        JsonArray e when actual is JsonArray a => e.Count == a.Count && e.Zip(a).All(p => Equivalent(p.First, p.Second)),
        _ => JsonNode.DeepEquals(expected, actual) || (expected is JsonValue ev && actual is JsonValue av && ev.ToJsonString() == av.ToJsonString()),
    };

    private static JsonNode? SoleState(JsonNode c)
    {
        var states = c["definition"]!["States"]!.AsObject();
        return states.Count == 1 ? states.First().Value : null;
    }

    private static JsonNode? FirstChoice(JsonNode c) =>
        c["definition"]!["States"]!.AsObject().Select(p => p.Value).FirstOrDefault(s => (string?)s!["Type"] == "Choice");

    private static JsonNode Load(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(CasesDirectory, file)))!;

    private static string CasesDirectory => Path.GetFullPath(Path.Combine(CliRunner.RepositoryFile(".."), "shared", "corpus", "localstack", "cases"));

    private static TheoryData<string> CaseFiles(string category, Func<JsonNode, bool> select)
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(CasesDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var c = JsonNode.Parse(File.ReadAllText(path))!;
            if ((string?)c["category"] == category && (string?)c["query_language"] == "JSONPath" && select(c))
            {
                data.Add(Path.GetFileName(path));
            }
        }

        return data;
    }
}
