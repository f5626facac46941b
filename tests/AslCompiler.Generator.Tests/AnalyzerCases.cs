namespace AslCompiler.Generator.Tests;

/// <summary>One minimal definition per diagnostic id, with the expected span marked as <c>[|...|]</c>.</summary>
internal static class AnalyzerCases
{
    public static IEnumerable<object[]> All() => new[]
    {
        Case("ASL0001", true, """{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}[|,|]}"""),
        Case("ASL0003", true, """{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, [|"Foo"|]: 1}}}"""),
        Case("ASL0004", true, """{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": [|"lambda"|], "End": true}}}"""),
        Case("ASL0005", true, """{"StartAt": "A", [|"States"|]: {"A": {"Type": "Pass", "Next": "A"}}}"""),
        Case("ASL0006", true, """{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "Q", "States": {[|"P"|]: {"Type": "Succeed"}, "Q": {"Type": "Pass", "Next": "P"}}}]}}}"""),
        Case("ASL0007", true, "{\"StartAt\": \"" + new string('n', 81) + "\", \"States\": {[|\"" + new string('n', 81) + "\"|]: {\"Type\": \"Succeed\"}}}"),
        Case("ASL0008", true, """{"StartAt": "M1", "States": {"M1": {"Type": "Map", "Label": "L", "Next": "M2", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "X", "States": {"X": {"Type": "Succeed"}}}}, "M2": {"Type": "Map", "Label": [|"L"|], "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "Y", "States": {"Y": {"Type": "Succeed"}}}}}}"""),
        Case("ASL0009", true, """{"StartAt": "M", "States": {"M": {"Type": "Map", "Label": "a[| |]b", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "X", "States": {"X": {"Type": "Succeed"}}}}}}"""),
        Case("ASL0010", true, """{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": [|"B"|]}], "Default": "C"}, "C": {"Type": "Succeed"}}}"""),
        Case("ASL0011", true, DeeplyNested()),
        Case("ASL0012", false, """{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"a": [|"$.x"|]}, "End": true}}}"""),
        Case("ASL0013", false, """{"StartAt": "A", "States": {"A": {"Type": "Fail", "Error": [|"$.error"|]}}}"""),
        Case("ASL0014", false, """{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {[|"a.$"|]: "$.x"}, "End": true}}}"""),
        Case("ASL0015", false, """{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"a.$": "[|$never|].x"}, "End": true}}}"""),
        Case("ASL0016", false, """{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% [|$eval|]('1') %}", "End": true}}}"""),
    };

    /// <summary>65 nested Parallel states: one more level than the validator follows; the span is the innermost branch's brace.</summary>
    private static string DeeplyNested()
    {
        const int Levels = 65;
        var text = """[|{|]"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}""";
        for (var i = 0; i < Levels; i++)
        {
            text = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Parallel\", \"End\": true, \"Branches\": [" + text + "]}}}";
        }

        return text;
    }

    private static object[] Case(string id, bool isError, string marked) => new object[] { id, isError, marked };
}
