using System.Text.Json.Nodes;

namespace AslCompiler.Cli.Tests;

public class EvalCommandTests
{
    [Theory]
    [InlineData("--jsonpath", "$.a[1]", "{\"a\":[1,2.5]}", "2.5")]
    [InlineData("--jsonpath", "$.a[*].b", "{\"a\":[{\"b\":1},{\"b\":2}]}", "[1,2]")]
    [InlineData("--intrinsic", "States.Format('{} and {}', $.x, $.y)", "{\"x\":\"a\",\"y\":3}", "\"a and 3\"")]
    [InlineData("--intrinsic", "States.ArrayLength($.list)", "{\"list\":[1,2,3]}", "3")]
    [InlineData("--template", "{\"id.$\":\"$.id\",\"fixed\":true,\"n\":{\"sum.$\":\"States.MathAdd($.a, 1)\"}}", "{\"id\":\"o-1\",\"a\":41}", "{\"fixed\":true,\"n\":{\"sum\":42},\"id\":\"o-1\"}")] // written members first, then .$ ones (AWS order)
    [InlineData("--choice", "{\"Variable\":\"$.n\",\"NumericGreaterThan\":3}", "{\"n\":5}", "true")]
    [InlineData("--choice", "{\"Not\":{\"Variable\":\"$.s\",\"StringMatches\":\"log-*.txt\"}}", "{\"s\":\"log-1.txt\"}", "false")]
    public void Prints_the_result_json(string option, string expression, string input, string expected)
    {
        var (exitCode, output, error) = CliRunner.Run("eval", option, expression, "--input", input);

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exitCode);
        Assert.Equal(expected, output.Trim());
    }

    [Theory]
    [InlineData("{\"And\":[]}", "Value cannot be empty (at /And).")]
    [InlineData("{\"Variable\":\"$.x\",\"NumericEquals\":\"5\"}", "The operand of 'NumericEquals' must be a number, not string (at /NumericEquals).")]
    [InlineData("{\"Variable\":\"$.x\",\"NumericEquals\":5,\"StringEquals\":\"a\"}", "A Choice rule must have exactly one comparison operator.")]
    [InlineData("{\"Or\":[{\"Variable\":\"$.x\",\"NumericEquals\":5},{\"Variable\":\"$.x\",\"IsNumeric\":1}]}", "The operand of 'IsNumeric' must be a boolean, not number (at /Or/1/IsNumeric).")]
    [InlineData("[1]", "A Choice rule must be an object, not array.")]
    public void A_rule_a_definition_could_not_hold_is_refused_with_the_validators_reason(string rule, string reason)
    {
        // Before, the evaluator took any object it could read: {"And":[]} was true, "5" compared false with 5, and the
        // second operator was ignored (true), where the definition validator refuses each of them.
        var (exitCode, output, error) = CliRunner.Run("eval", "--choice", rule, "--input", "{\"x\":5}");

        Assert.Equal((1, string.Empty), (exitCode, error));
        var printed = JsonNode.Parse(output)!;
        Assert.Equal("States.Runtime", (string?)printed["error"]);
        Assert.Equal("The Choice rule is not valid: " + reason, (string?)printed["cause"]);
    }

    [Theory]
    [InlineData("{\"Variable\":\"$.x\",\"NumericEquals\":5,\"Next\":\"Elsewhere\"}", "true")] // as copied from a definition
    [InlineData("{\"Variable\":\"$.x\",\"NumericEquals\":5,\"Comment\":\"five\"}", "true")]
    [InlineData("{\"Variable\":\"$.missing\",\"IsPresent\":true}", "false")]
    [InlineData("{\"Variable\":\"$$.Execution.Id\",\"IsPresent\":true}", "false")]
    public void A_rule_a_definition_could_hold_is_evaluated(string rule, string expected)
    {
        var (exitCode, output, error) = CliRunner.Run("eval", "--choice", rule, "--input", "{\"x\":5}");

        Assert.Equal((0, expected, string.Empty), (exitCode, output.Trim(), error));
    }

    [Theory]
    [InlineData("--jsonpath", "$..a..a")]
    [InlineData("--jsonata", "**.a.**.a")]
    public void A_result_too_long_to_print_is_refused_naming_the_limit_before_anything_is_written(string option, string expression)
    {
        // {"a":{"a":...}} 560 deep: about 150,000 matches that share the input's parts, more than 134,217,728 characters
        // as text. Before, the text was written until memory ran out ("unexpected error: Insufficient memory ...").
        var input = CliRunner.TempFile(string.Concat(Enumerable.Repeat("{\"a\":", 560)) + "1" + new string('}', 560));

        var (exitCode, output, error) = CliRunner.Run("eval", option, expression, "--input", "@" + input);

        Assert.Equal((1, string.Empty), (exitCode, output));
        Assert.Equal("asl eval: the result is more than 134,217,728 characters of JSON text, the most asl eval prints; nothing was printed." + Environment.NewLine, error);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[true,false,null,[],{}]")]
    [InlineData("[1,-0,1.0,1e400,12345678901234567890123,-1.5E-7,0.1]")]
    [InlineData("\"plain é 😀\"")]
    [InlineData("\"\\\" \\\\ \\n \\r \\t \\b \\f \\u0001 \\u001f \\u007f\"")]
    [InlineData("[\"\\ud800\", \"x\\udc00\", \"\\ud83d\\ude00\"]")]
    [InlineData("{\"a\":{\"b\\n\":[1,{\"\":\"\"}],\"c\":{}},\"d\":[[[]]]}")]
    public void The_result_length_is_the_length_of_the_text_printed(string json)
    {
        var value = AslCompiler.Runtime.Json.JsonValue.Parse(json);
        var text = value.ToJsonString();

        Assert.Equal(text.Length, value.JsonTextLength(long.MaxValue));
        Assert.Equal(text.Length, value.JsonTextLength(text.Length));
        Assert.True(value.JsonTextLength(text.Length - 1) > text.Length - 1);
    }

    [Theory]
    [InlineData("--jsonata $x --bindings {\"$x\":1}", "asl eval: --bindings names variables without '$': \"x\", not \"$x\".")]
    [InlineData("--jsonata $states --states 1", "asl eval: --states must be a JSON object (input, context, result, errorOutput), not a number.")]
    [InlineData("--jsonata $states --states [1]", "asl eval: --states must be a JSON object (input, context, result, errorOutput), not an array.")]
    [InlineData("--jsonpath $$ --context 1", "asl eval: --context must be a JSON object (the context object $$), not a number.")]
    [InlineData("--intrinsic States.UUID() --context \"id\"", "asl eval: --context must be a JSON object (the context object $$), not a string.")]
    [InlineData("--template {} --context null", "asl eval: --context must be a JSON object (the context object $$), not null.")]
    public void Option_values_no_evaluation_can_use_are_usage_errors_not_taken_silently(string commandLine, string expected)
    {
        // {"$x":1} bound a variable no expression can name ($x was undefined, exit 0); a --states or --context that is not
        // an object was taken as it was.
        var (exitCode, output, error) = CliRunner.Run(["eval", .. commandLine.Split(' ')]);

        Assert.Equal((2, string.Empty), (exitCode, output));
        Assert.Equal(expected + Environment.NewLine, error);
    }

    [Fact]
    public void Bindings_and_states_as_documented_are_visible()
    {
        var (exitCode, output, error) = CliRunner.Run("eval", "--jsonata", "$x + $states.input.n", "--bindings", "{\"x\":1}", "--states", "{\"input\":{\"n\":2}}");

        Assert.Equal((0, "3", string.Empty), (exitCode, output.Trim(), error));
    }

    [Fact]
    public void Context_and_variables_are_visible()
    {
        var (exitCode, output, _) = CliRunner.Run(
            "eval", "--template", "{\"exec.$\":\"$$.Execution.Name\",\"v.$\":\"$limit\"}",
            "--context", "{\"Execution\":{\"Name\":\"run-1\"}}", "--variables", "{\"limit\":10}");

        Assert.Equal(0, exitCode);
        Assert.Equal("{\"v\":10,\"exec\":\"run-1\"}", output.Trim()); // .$ members in Java HashMap order, as AWS renders them
    }

    [Fact]
    public void Evaluation_errors_print_error_and_cause_and_exit_1()
    {
        var (exitCode, output, _) = CliRunner.Run("eval", "--template", "{\"x.$\":\"$.nope\"}", "--input", "{}");

        Assert.Equal(1, exitCode);
        var error = JsonNode.Parse(output)!;
        Assert.Equal("States.Runtime", (string?)error["error"]);
        Assert.Contains("'$.nope'", (string?)error["cause"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$.a[?(@ in [2, 01])]", "{\"a\":[1,2]}", "Invalid path '$.a[?(@ in [2, 01])]': The JSON literal [2, 01] is not valid at character 16: Invalid number '01': leading zeros are not allowed.")]
    [InlineData("$.a[?(@ =~ /[/)]", "{\"a\":[1,2]}", "Invalid path '$.a[?(@ =~ /[/)]' : The regular expression /[/ is not valid: Invalid pattern '[' at offset 1. Unterminated [] set.")]
    [InlineData("$..a..a..a..a", null, "Invalid path '$..a..a..a..a' : The evaluation needs more than 5000000 steps (nodes visited, items tested, matches produced), the limit of one evaluation.")]
    public void Hostile_paths_print_what_failed_and_where(string path, string? input, string cause)
    {
        // Without an input: {"a":{"a":...}} 500 deep, where $..a..a..a..a would have C(500,4) matches.
        input ??= string.Concat(Enumerable.Repeat("{\"a\":", 500)) + "1" + new string('}', 500);

        var (exitCode, output, _) = CliRunner.Run("eval", "--jsonpath", path, "--input", input);

        Assert.Equal(1, exitCode);
        var error = JsonNode.Parse(output)!;
        Assert.Equal("States.Runtime", (string?)error["error"]);
        Assert.Equal(cause, (string?)error["cause"]);
    }

    [Fact]
    public void Intrinsic_failures_are_intrinsic_failure()
    {
        var (exitCode, output, _) = CliRunner.Run("eval", "--intrinsic", "States.ArrayRange(1, 5000, 1)");

        Assert.Equal(1, exitCode);
        Assert.Equal("States.IntrinsicFailure", (string?)JsonNode.Parse(output)!["error"]);
    }

    [Fact]
    public void Input_can_come_from_a_file()
    {
        var path = CliRunner.TempFile("{\"a\": {\"b\": \"from file\"}}");
        try
        {
            var (exitCode, output, _) = CliRunner.Run("eval", "--jsonpath", "$.a.b", "--input", "@" + path);

            Assert.Equal(0, exitCode);
            Assert.Equal("\"from file\"", output.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("eval --input {}")]
    [InlineData("eval --jsonpath $ --intrinsic States.UUID()")]
    [InlineData("eval --jsonpath $ --input {bad")]
    [InlineData("eval --jsonpath $ --variables [1]")]
    [InlineData("eval --jsonpath $ --input @/nonexistent/input.json")]
    public void Usage_errors_exit_2_with_a_message(string commandLine)
    {
        var (exitCode, output, error) = CliRunner.Run(commandLine.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("asl", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$sum(items.(qty*price))", "{\"items\":[{\"qty\":2,\"price\":1.5},{\"qty\":1,\"price\":4}]}", "7")]
    [InlineData("items[qty > 1].sku", "{\"items\":[{\"sku\":\"a\",\"qty\":2},{\"sku\":\"b\",\"qty\":1}]}", "\"a\"")]
    [InlineData("$partition([1,2,3,4,5], 2)", "{}", "[[1,2],[3,4],[5]]")]
    [InlineData("$hash(\"abc\", \"SHA-256\")", "{}", "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"")]
    [InlineData("{\"n\": $count(items)}", "{\"items\":[1,2,3]}", "{\"n\":3}")]
    public void Jsonata_prints_the_result_json(string expression, string input, string expected)
    {
        var (exitCode, output, error) = CliRunner.Run("eval", "--jsonata", expression, "--input", input);

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exitCode);
        Assert.Equal(expected, output.Trim());
    }

    [Fact]
    public void Jsonata_sees_states_and_bindings()
    {
        var (exitCode, output, _) = CliRunner.Run(
            "eval", "--jsonata", "$states.input.a & $states.context.Execution.Name & $x",
            "--states", "{\"input\":{\"a\":\"A\"},\"context\":{\"Execution\":{\"Name\":\"-run-\"}}}", "--bindings", "{\"x\":\"X\"}");

        Assert.Equal(0, exitCode);
        Assert.Equal("\"A-run-X\"", output.Trim());
    }

    [Fact]
    public void Jsonata_undefined_prints_nothing_and_exits_0()
    {
        var (exitCode, output, _) = CliRunner.Run("eval", "--jsonata", "missing.field", "--input", "{}");

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, output);
    }

    [Theory]
    [InlineData("1 + \"a\"", "T2002")]
    [InlineData("$eval(\"1\")", "T1006")]
    [InlineData("(1", "S0203")]
    public void Jsonata_errors_print_the_jsonata_code_and_exit_1(string expression, string code)
    {
        var (exitCode, output, _) = CliRunner.Run("eval", "--jsonata", expression);

        Assert.Equal(1, exitCode);
        var error = JsonNode.Parse(output)!;
        Assert.Equal(code, (string?)error["error"]);
        Assert.False(string.IsNullOrEmpty((string?)error["cause"]));
    }
}
