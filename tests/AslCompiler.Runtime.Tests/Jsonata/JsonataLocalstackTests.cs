using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Runtime.Tests.Jsonata;

/// <summary>
/// AWS-recorded JSONata cases (../shared/corpus/localstack/cases) reproduced at expression level: single Pass-state
/// machines in JSONata whose Output/Assign templates are evaluated with <c>$states.input</c> = the execution input.
/// </summary>
public class JsonataLocalstackTests
{
    private static string CasesDir => Path.Combine(CorpusLocator.Root, "localstack", "cases");

    public static TheoryData<string> SinglePassCases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CasesDir, "*.json").Order(StringComparer.Ordinal))
        {
            var c = JsonValue.Parse(File.ReadAllText(file));
            var language = c["query_language"].TryGetString(out var l) ? l : string.Empty;
            if (language is not ("JSONata" or "mixed"))
            {
                continue;
            }

            var definition = c["definition"];
            var states = definition["States"].GetObject();
            if (states.Count != 1)
            {
                continue;
            }

            var state = states[0].Value;
            var stateLanguage = state["QueryLanguage"].TryGetString(out var sl) ? sl : definition["QueryLanguage"].TryGetString(out var dl) ? dl : "JSONPath";
            if (stateLanguage == "JSONata" && state["Type"].TryGetString(out var type) && type == "Pass")
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    [Fact]
    public void There_are_single_pass_jsonata_cases_to_reproduce() => Assert.True(SinglePassCases().Count >= 25);

    [Theory]
    [MemberData(nameof(SinglePassCases))]
    public void Pass_state_output_matches_AWS(string file)
    {
        var c = JsonValue.Parse(File.ReadAllText(Path.Combine(CasesDir, file)));
        var states = c["definition"]["States"].GetObject();
        var stateName = states[0].Key;
        var state = states[0].Value;
        var input = c["input"];
        var expected = c["expected"];
        var bindings = JsonataBindings.Empty.WithStates(input);

        string? error = null;
        string? cause = null;
        var output = input;
        if (!state["Assign"].IsUndefined)
        {
            var assigned = JsonataPayloadTemplate.Create(state["Assign"]).Evaluate(bindings, JsonataOptions.StepFunctions, "Assign");
            if (!assigned.IsSuccess)
            {
                (error, cause) = (assigned.Error, JsonataStatesErrors.Cause(stateName, 2, assigned.Detail!));
            }
        }

        if (error is null && !state["Output"].IsUndefined)
        {
            var result = JsonataPayloadTemplate.Create(state["Output"]).Evaluate(bindings, JsonataOptions.StepFunctions, "Output");
            if (result.IsSuccess)
            {
                output = result.Value;
            }
            else
            {
                (error, cause) = (result.Error, JsonataStatesErrors.Cause(stateName, 2, result.Detail!));
            }
        }

        if (expected["status"].GetString() == "SUCCEEDED")
        {
            Assert.Null(cause);
            Assert.Equal(expected["output"], output);
        }
        else
        {
            Assert.Equal(expected["error"].GetString(), error);
            Assert.Equal(expected["cause"].GetString(), cause);
        }
    }
}
