using AslCompiler.Runtime.Json;

namespace AslCompiler.Cli.Tests;

/// <summary>
/// Bad input on every command — malformed command lines, files that cannot be read, values of the wrong type, hostile
/// sizes and depths — ends with a message on standard error that names what and where, and the documented exit code:
/// never an unhandled exception, a stack trace or a .NET type name, and never help text on standard output.
/// </summary>
public class HostileInputTests
{
    private const string PassMachine = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";

    private const string PassState = """{"Type":"Pass","End":true}""";

    /// <summary>What a user must never see: the runtime's insides.</summary>
    private static void AssertNoInternals(string text)
    {
        foreach (var leak in new[] { "System.", "Exception:", "   at ", "(Parameter '", "LineNumber:", "BytePositionInLine", "Unhandled", "AslCompiler." })
        {
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
        }
    }

    private static string[] Args(string commandLine, string file) =>
        commandLine.Split(' ').Select(a => a.Replace("FILE", file, StringComparison.Ordinal)).ToArray();

    [Theory]
    [InlineData("", 2, "asl: Required command was not provided.")]
    [InlineData("--bogus", 2, "'--bogus'")]
    [InlineData("parse", 2, "asl parse: Required argument missing")]
    [InlineData("parse FILE FILE", 2, "asl parse: Unrecognized command or argument")]
    [InlineData("parse FILE --bogus", 2, "asl parse: Unrecognized command or argument '--bogus'")]
    [InlineData("validate FILE --max-results", 2, "asl validate: Required argument missing for option: '--max-results'")]
    [InlineData("validate FILE --type STANDARD --type EXPRESS", 2, "asl validate: Option '--type' expects a single argument but 2 were provided")]
    [InlineData("run FILE --input", 1, "asl run: Required argument missing for option: '--input'")]
    [InlineData("run FILE --input {} --input []", 1, "asl run: Option '--input' expects a single argument")]
    [InlineData("run FILE --bogus", 1, "asl run: Unrecognized command or argument '--bogus'")]
    [InlineData("run FILE --history maybe", 1, "asl run: Unrecognized command or argument 'maybe'")]
    [InlineData("eval --jsonata 1 --jsonata 2", 2, "asl eval: Option '--jsonata' expects a single argument")]
    [InlineData("eval --jsonpath", 2, "asl eval: Required argument missing for option: '--jsonpath'")]
    [InlineData("test-state FILE extra", 2, "asl test-state: Unrecognized command or argument 'extra'")]
    [InlineData("test-state FILE --input", 2, "asl test-state: Required argument missing for option: '--input'")]
    [InlineData("serve --bogus", 1, "asl serve: Unrecognized command or argument '--bogus'")] // serve.md: bad options exit 1
    [InlineData("serve --port abc", 1, "asl serve: --port must be an integer from 0 to 65535, not 'abc'.")]
    [InlineData("serve --port 1e3", 1, "asl serve: --port must be an integer from 0 to 65535, not '1e3'.")]
    [InlineData("serve --port 99999", 1, "asl serve: --port must be an integer from 0 to 65535, not '99999'.")]
    [InlineData("serve --port -1", 1, "asl serve: --port must be an integer from 0 to 65535, not '-1'.")]
    [InlineData("serve --time-scale fast", 1, "asl serve: --time-scale must be a number from 0.001 to 100000, not 'fast'.")]
    [InlineData("serve --time-scale 0", 1, "asl serve: --time-scale must be a number from 0.001 to 100000, not '0'.")]
    [InlineData("serve --time-scale 0.0005", 1, "asl serve: --time-scale must be a number from 0.001 to 100000, not '0.0005'.")]
    [InlineData("serve --time-scale 100001", 1, "asl serve: --time-scale must be a number from 0.001 to 100000, not '100001'.")]
    [InlineData("serve --time-scale 1e-300", 1, "asl serve: --time-scale must be a number from 0.001 to 100000, not '1e-300'.")] // a clock that does not move
    [InlineData("serve --time-scale 1e300", 1, "asl serve: --time-scale must be a number from 0.001 to 100000, not '1e300'.")] // the clock reached the last date at once
    [InlineData("serve --time-scale NaN", 1, "asl serve: --time-scale must be a number from 0.001 to 100000, not 'NaN'.")]
    [InlineData("serve --time-scale Infinity", 1, "asl serve: --time-scale must be a number from 0.001 to 100000, not 'Infinity'.")]
    [InlineData("serve --retention 0", 1, "asl serve: --retention must be a positive number of days up to 10000000, or forever, not '0'.")]
    [InlineData("serve --retention -5", 1, "asl serve: --retention must be a positive number of days up to 10000000, or forever, not '-5'.")]
    [InlineData("serve --retention never", 1, "asl serve: --retention must be a positive number of days up to 10000000, or forever, not 'never'.")]
    [InlineData("serve --retention 1e-300", 1, "asl serve: --retention must be a positive number of days up to 10000000, or forever, not '1e-300'.")] // no tick
    [InlineData("serve --retention 1e300", 1, "asl serve: --retention must be a positive number of days up to 10000000, or forever, not '1e300'.")]
    [InlineData("serve --retention NaN", 1, "asl serve: --retention must be a positive number of days up to 10000000, or forever, not 'NaN'.")]
    [InlineData("serve --port 1 --port 2", 1, "asl serve: Option '--port' expects a single argument")]
    public void A_command_line_that_does_not_parse_is_a_usage_error_on_standard_error_only(string commandLine, int exitCode, string expected)
    {
        var file = CliRunner.TempFile(PassMachine);
        var (exit, output, error) = CliRunner.Run(commandLine.Length == 0 ? [] : Args(commandLine, file));

        Assert.Equal(exitCode, exit);
        Assert.Equal(string.Empty, output); // no help text where a pipeline expects JSON
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("--help", error, StringComparison.Ordinal);
        AssertNoInternals(error);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("frobnicate --bogus")]
    [InlineData("parse2 FILE")]
    public void An_unknown_command_is_named_without_saying_no_command_was_given(string commandLine)
    {
        // It printed "asl: Required command was not provided." before the unknown command's line.
        var (exit, output, error) = CliRunner.Run(Args(commandLine, CliRunner.TempFile(PassMachine)));

        Assert.Equal((2, string.Empty), (exit, output));
        Assert.StartsWith("asl: Unrecognized command or argument '" + commandLine.Split(' ')[0] + "'.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command", error, StringComparison.Ordinal);
        Assert.EndsWith("Run 'asl --help' for usage." + Environment.NewLine, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parse DIR", 2)]
    [InlineData("validate DIR", 2)]
    [InlineData("run DIR", 1)]
    [InlineData("run FILE --input @DIR", 1)]
    [InlineData("run FILE --mock DIR --test-case t", 1)]
    [InlineData("eval --jsonpath $ --input @DIR", 2)]
    [InlineData("eval --template @DIR", 2)]
    [InlineData("test-state DIR", 2)]
    [InlineData("test-state --request DIR", 2)]
    [InlineData("test-state FILE --variables @DIR", 2)]
    public void A_directory_given_as_a_file_is_named_as_a_directory(string commandLine, int exitCode)
    {
        var directory = Directory.CreateDirectory(CliRunner.TempPath(string.Empty)).FullName;
        var file = CliRunner.TempFile(PassMachine);
        var (exit, output, error) = CliRunner.Run(Args(commandLine.Replace("DIR", directory, StringComparison.Ordinal), file));

        Assert.Equal((exitCode, string.Empty), (exit, output));
        Assert.Contains("asl: cannot read '" + directory + "': it is a directory.", error, StringComparison.Ordinal);
        AssertNoInternals(error);
    }

    [Theory]
    [InlineData("run FILE --input @", 1, "asl: --input: '@' must be followed by a file name (--input @input.json).")]
    [InlineData("run FILE --http-connections @", 1, "asl: --http-connections: '@' must be followed by a file name")]
    [InlineData("eval --jsonpath $ --context @", 2, "asl: --context: '@' must be followed by a file name")]
    [InlineData("test-state FILE --mock @", 2, "asl: --mock: '@' must be followed by a file name")]
    [InlineData("test-state @", 2, "asl test-state: '@' must be followed by a file name")]
    public void An_at_sign_without_a_file_name_says_so(string commandLine, int exitCode, string expected)
    {
        var file = CliRunner.TempFile(PassMachine);
        var (exit, _, error) = CliRunner.Run(Args(commandLine, file));

        Assert.Equal(exitCode, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        AssertNoInternals(error);
    }

    [Fact]
    public void An_empty_mock_path_says_so()
    {
        var (exit, _, error) = CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--mock", "", "--test-case", "t");
        Assert.Equal(1, exit);
        Assert.Contains("asl: --mock needs the path of a mock configuration file.", error, StringComparison.Ordinal);
        AssertNoInternals(error);
    }

    [Fact]
    public void A_mock_file_may_be_given_as_at_file_like_the_other_json_options()
    {
        const string Task = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true}}}""";
        var mocks = CliRunner.TempFile("""{"StateMachines":{"M":{"TestCases":{"tc":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Return":{"ok":1}}}}}""");

        var (exit, output, error) = CliRunner.Run("run", CliRunner.TempFile(Task), "--mock", "@" + mocks, "--test-case", "tc");

        Assert.True(exit == 0, error);
        Assert.Equal(JsonValue.Parse("""{"ok":1}"""), JsonValue.Parse(output)["output"]);
    }

    [Theory]
    [InlineData("parse JSON", 2)]
    [InlineData("validate JSON", 2)]
    [InlineData("run JSON", 1)]
    [InlineData("test-state JSON", 2)]
    public void Json_text_where_a_file_name_goes_is_named_as_such(string commandLine, int exitCode)
    {
        // It said "Could not find file '/current/directory/{"StartAt":...'".
        var (exit, output, error) = CliRunner.Run(commandLine.Split(' ').Select(a => a == "JSON" ? PassMachine : a).ToArray());

        Assert.Equal((exitCode, string.Empty), (exit, output));
        Assert.Equal("asl: cannot read '" + PassMachine + "': there is no such file; this argument is a file name (or - for standard input), and this looks like JSON text." + Environment.NewLine, error);
    }

    [Fact]
    public void A_file_larger_than_asl_reads_is_refused_before_it_fills_memory()
    {
        using var error = new StringWriter();
        var file = CliRunner.TempFile(new byte[1001]);

        Assert.Null(AslCompiler.Cli.Commands.InputFile.TryRead(file, error, maxBytes: 1000));
        Assert.Equal("asl: cannot read '" + file + "': it is larger than 1,000 bytes, the most asl reads from a file." + Environment.NewLine, error.ToString());
        Assert.NotNull(AslCompiler.Cli.Commands.InputFile.TryRead(CliRunner.TempFile(new byte[1000]), error, maxBytes: 1000));
    }

    [Fact]
    public void An_endless_file_is_refused_not_read_until_memory_runs_out()
    {
        if (!File.Exists("/dev/zero"))
        {
            return; // a device with no end: Unix only
        }

        // It was read to the end of memory: an unhandled OutOfMemoryException with its stack trace, exit code 134-ish.
        var (exit, output, error) = CliRunner.Run("eval", "--jsonpath", "$", "--input", "@/dev/zero");

        Assert.Equal((2, string.Empty), (exit, output));
        Assert.Equal("asl: cannot read '/dev/zero': it is larger than 134,217,728 bytes, the most asl reads from a file." + Environment.NewLine, error);
    }

    [Fact]
    public void Standard_input_is_read_once_and_a_second_dash_says_so()
    {
        var stdin = System.Text.Encoding.UTF8.GetBytes(PassMachine);

        var (exit, output, _) = CliRunner.RunWithInput(stdin, "run", "-");
        Assert.Equal(0, exit);
        Assert.Equal("SUCCEEDED", JsonValue.Parse(output)["status"].GetString());

        // The second '-' read an empty stream: "the value is empty", or a FAIL for an empty definition.
        (exit, output, var error) = CliRunner.RunWithInput(stdin, "run", "-", "--input", "@-");
        Assert.Equal((1, string.Empty), (exit, output));
        Assert.Contains("asl: cannot read '-': standard input was already read for an earlier '-'; it can be given once.", error, StringComparison.Ordinal);

        (exit, output, error) = CliRunner.RunWithInput(stdin, "validate", "-", "-");
        Assert.Equal((2, string.Empty), (exit, output));
        Assert.Contains("standard input was already read", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("@-")]
    public void A_json_option_reads_standard_input_for_a_dash(string value)
    {
        var (exit, output, error) = CliRunner.RunWithInput("""{"a":[1,2]}"""u8.ToArray(), "eval", "--jsonpath", "$.a[1]", "--input", value);

        Assert.True(exit == 0, error);
        Assert.Equal("2", output.Trim());
    }

    [Theory]
    [InlineData("run FILE --input X", "{\"a\":\"x\\ud800\"}")]
    [InlineData("eval --jsonpath $ --input X", "{\"a\":\"x\\ud800\"}")]
    [InlineData("test-state FILE --input X", "{\\\"a\\\":\\\"x\\\\ud800\\\"}")] // output is JSON text in a string
    public void A_lone_surrogate_escape_is_read_as_Jackson_reads_it_and_written_back_escaped(string commandLine, string expected)
    {
        var file = CliRunner.TempFile(commandLine.StartsWith("run", StringComparison.Ordinal) ? PassMachine : PassState);
        var args = Args(commandLine, file).Select(a => a == "X" ? "{\"a\":\n  \"x\\ud800\"}" : a).ToArray();

        var (exit, output, error) = CliRunner.Run(args);

        Assert.True(exit == 0, error);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("revealSecrets", "\"yes\"", "expected true or false, not the string \"yes\"")]
    [InlineData("revealSecrets", "1", "expected true or false, not the number 1")]
    [InlineData("stateName", "{}", "expected a string, not an object")]
    [InlineData("roleArn", "[1]", "expected a string, not an array")]
    [InlineData("inspectionLevel", "2", "expected INFO, DEBUG or TRACE, not the number 2")]
    [InlineData("inspectionLevel", "\"LOUD\"", "expected INFO, DEBUG or TRACE, not the string \"LOUD\"")]
    [InlineData("mock", "1", "expected an object, not the number 1")]
    [InlineData("mock", "{\"errorOutput\":true}", "at $.mock.errorOutput: expected an object, not true")]
    [InlineData("mock", "{\"errorOutput\":{\"error\":5}}", "at $.mock.errorOutput.error: expected a string, not the number 5")]
    [InlineData("mock", "{\"result\":\"1\",\"fieldValidationMode\":\"X\"}", "at $.mock.fieldValidationMode: expected STRICT, PRESENT or NONE, not the string \"X\"")]
    [InlineData("stateConfiguration", "\"x\"", "expected an object, not the string \"x\"")]
    [InlineData("stateConfiguration", "{\"retrierRetryCount\":\"a\"}", "at $.stateConfiguration.retrierRetryCount: expected an integer from 0 to 2147483647, not the string \"a\"")]
    [InlineData("stateConfiguration", "{\"retrierRetryCount\":1e20}", "expected an integer from 0 to 2147483647, not the number 1.0E20")] // as the runtime writes 1e20
    [InlineData("stateConfiguration", "{\"mapIterationFailureCount\":1.5}", "at $.stateConfiguration.mapIterationFailureCount: expected an integer from 0 to 2147483647, not the number 1.5")]
    [InlineData("stateConfiguration", "{\"errorCausedByState\":null,\"retrierRetryCount\":null,\"mapIterationFailureCount\":false}", "expected an integer from 0 to 2147483647, not false")]
    public void A_request_member_of_the_wrong_type_names_the_member_and_the_type_it_takes(string member, string value, string expected)
    {
        var request = "{\"definition\":" + PassState + ",\"" + member + "\":" + value + "}";

        var (exit, output, error) = CliRunner.Run("test-state", "--request", request);

        Assert.Equal((2, string.Empty), (exit, output));
        Assert.Contains("asl test-state: the request is not a valid TestState request at $." + member, error, StringComparison.Ordinal);
        Assert.Contains(expected + ".", error, StringComparison.Ordinal);
        AssertNoInternals(error);
    }

    [Theory]
    [InlineData("--account-id", "", "asl test-state: --account-id must be an AWS account id (12 digits), not ''.")]
    [InlineData("--account-id", "12345", "asl test-state: --account-id must be an AWS account id (12 digits), not '12345'.")]
    [InlineData("--account-id", "a:b", "asl test-state: --account-id must be an AWS account id (12 digits), not 'a:b'.")]
    [InlineData("--region", "", "asl test-state: --region must be a region name (lowercase letters, digits and hyphens, as us-east-1), not ''.")]
    [InlineData("--region", "a:b", "asl test-state: --region must be a region name (lowercase letters, digits and hyphens, as us-east-1), not 'a:b'.")]
    [InlineData("--region", "us/east", "asl test-state: --region must be a region name (lowercase letters, digits and hyphens, as us-east-1), not 'us/east'.")]
    public void An_account_or_region_that_would_break_the_context_objects_arns_is_refused(string option, string value, string expected)
    {
        // ':' or '/' made ARNs of other shapes ($$.Execution.Id), silently; an empty value named the .NET parameter.
        var (exit, output, error) = CliRunner.Run("test-state", CliRunner.TempFile(PassState), option, value);

        Assert.Equal((2, string.Empty), (exit, output));
        Assert.Equal(expected + Environment.NewLine, error);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("1")]
    [InlineData("true")]
    public void A_request_that_is_json_but_not_an_object_is_not_taken_for_a_file_name(string request)
    {
        var (exit, _, error) = CliRunner.Run("test-state", "--request", request);
        Assert.Equal(2, exit);
        Assert.Equal("asl test-state: --request must be a JSON object (a TestState request)." + Environment.NewLine, error);
    }

    [Theory]
    [InlineData("--request", 300)]
    [InlineData("--mock", 300)]
    [InlineData("--mock", 990)]
    [InlineData("--state-configuration", 100)]
    public void Deep_members_the_api_does_not_know_are_ignored_without_a_crash(string option, int depth)
    {
        // Unknown members nested past the serializer's 64 levels crashed the command (InvalidOperationException).
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        var (exit, output, error) = option switch
        {
            "--request" => CliRunner.Run("test-state", "--request", "{\"definition\":" + PassState + ",\"extra\":" + deep + "}"),
            "--mock" => CliRunner.Run("test-state", CliRunner.TempFile("""{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}"""), "--mock", "{\"result\":\"{}\",\"extra\":" + deep + "}"),
            _ => CliRunner.Run("test-state", CliRunner.TempFile(PassState), option, "{\"extra\":" + deep + "}"),
        };

        Assert.True(exit == 0, error);
        Assert.Equal("SUCCEEDED", JsonValue.Parse(output)["status"].GetString());
    }

    [Theory]
    [InlineData("--input")]
    [InlineData("--variables")]
    [InlineData("--context")]
    public void Option_values_as_deep_as_the_runtime_reads_are_passed_on(string option)
    {
        // 300 levels: JSON the runtime takes (up to 1,000) was refused past 256 with System.Text.Json's message.
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 300);
        var value = option == "--context" ? "{\"Execution\":{\"Input\":" + deep + "}}" : "{\"v\":" + deep + "}";

        // A context object comes with a mock, so with a Task.
        var (exit, output, error) = option == "--context"
            ? CliRunner.Run("test-state", CliRunner.TempFile("""{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}"""), option, value, "--mock", """{"result":"{}"}""")
            : CliRunner.Run("test-state", CliRunner.TempFile(PassState), option, value);

        Assert.True(exit == 0, error);
        Assert.Equal("SUCCEEDED", JsonValue.Parse(output)["status"].GetString());
    }

    [Fact]
    public void A_value_the_service_refuses_for_its_length_is_not_echoed_whole()
    {
        // A 1.5 MB definition: the definition is a sensitive member, which AWS names without its value (the whole of it
        // once made one line of 1.5 MB).
        var text = "{\"Type\":\"Pass\",\"Result\":\"" + new string('a', 1_500_000) + "\",\"End\":true}";

        var (exit, output, error) = CliRunner.Run("test-state", CliRunner.TempFile(text));

        Assert.Equal((1, string.Empty), (exit, output));
        Assert.StartsWith("asl test-state: ValidationException: 1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576", error, StringComparison.Ordinal);
        Assert.True(error.Length < 1000, error.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_durable_run_of_a_definition_too_long_for_the_api_is_one_short_line()
    {
        var directory = Directory.CreateDirectory(CliRunner.TempPath(string.Empty)).FullName;
        var file = Path.Combine(directory, "big.asl.json");
        File.WriteAllText(file, "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\"" + new string('a', 1_100_000) + "\",\"End\":true}}}");

        var (exit, output, error) = CliRunner.Run("run", file, "--store", Path.Combine(directory, "s.db"), "--name", "n");

        Assert.Equal((1, string.Empty), (exit, output));
        Assert.StartsWith("asl: ValidationException: 1 validation error detected: Value at 'definition' failed to satisfy constraint", error, StringComparison.Ordinal);
        Assert.True(error.Length < 1000, error.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("--jsonpath $ --bindings {}", "--bindings")]
    [InlineData("--template {} --states {}", "--states")]
    [InlineData("--jsonata 1 --context {}", "--context")]
    [InlineData("--jsonata 1 --variables {}", "--variables")]
    public void An_eval_option_the_construct_does_not_read_is_a_usage_error_not_ignored(string commandLine, string option)
    {
        var (exit, output, error) = CliRunner.Run(["eval", .. commandLine.Split(' ')]);

        Assert.Equal((2, string.Empty), (exit, output));
        Assert.StartsWith("asl eval: " + option + " ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_names_an_unknown_option_as_an_option_not_as_a_missing_file()
    {
        var (exit, output, error) = CliRunner.Run("validate", CliRunner.TempFile(PassMachine), "--bogus");

        Assert.Equal((2, string.Empty), (exit, output));
        Assert.Equal("asl validate: unknown option or argument '--bogus'" + Environment.NewLine + "Run 'asl validate --help' for usage." + Environment.NewLine, error);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("")]
    [InlineData("a/b")]
    public void Run_refuses_an_execution_name_AWS_refuses_with_or_without_a_store(string name)
    {
        var (exit, output, error) = CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--name", name);

        Assert.Equal((1, string.Empty), (exit, output)); // asl run: 0 for SUCCEEDED, 1 otherwise (2 only for --store's own errors)
        Assert.StartsWith("asl: --name '" + name + "' is not a valid execution name: 1 to 80 characters", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--host", "bogus..host", "asl: --host must be an IP address, localhost or *, not 'bogus..host'.")]
    [InlineData("--handlers", "DIR", "asl: --handlers: 'DIR' is a directory; give the path of the handlers assembly (.dll).")]
    [InlineData("--handlers", "FILE", "asl: --handlers: 'FILE' is not a .NET assembly.")]
    [InlineData("--handlers", "", "asl: --handlers needs the path of the handlers assembly (.dll).")] // was "unexpected error: The value cannot be an empty string. (Parameter 'path')"
    [InlineData("--handlers", " ", "asl: --handlers needs the path of the handlers assembly (.dll).")]
    public async Task Serve_refuses_option_values_it_cannot_serve_with_before_it_listens(string option, string value, string expected)
    {
        var directory = Directory.CreateDirectory(CliRunner.TempPath(string.Empty)).FullName;
        var file = CliRunner.TempFile(PassMachine);
        value = value.Replace("DIR", directory, StringComparison.Ordinal).Replace("FILE", file, StringComparison.Ordinal);
        expected = expected.Replace("DIR", directory, StringComparison.Ordinal).Replace("FILE", file, StringComparison.Ordinal);

        var run = Task.Run(() => CliRunner.Run("serve", "--port", "0", option, value));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20))) == run, "asl serve started with " + option + " " + value);

        var (exit, output, error) = await run;
        Assert.Equal((1, string.Empty), (exit, output));
        Assert.Equal(expected + Environment.NewLine, error);
    }

    [Theory]
    [InlineData("parse FILE")]
    [InlineData("run FILE")]
    [InlineData("eval --jsonata [1,2]")]
    [InlineData("validate FILE")]
    public void Output_that_cannot_be_written_is_an_error_not_a_success_or_a_stack_trace(string commandLine)
    {
        // asl parse x > /dev/full: an unhandled IOException and its stack trace.
        using var error = new StringWriter();
        var exit = AslCommandLine.Run(Args(commandLine, CliRunner.TempFile(PassMachine)), new FailingWriter(new IOException("No space left on device")), error);

        Assert.Equal(1, exit);
        Assert.Equal("asl: cannot write standard output: No space left on device" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void An_error_asl_did_not_expect_is_one_line_without_a_stack_trace()
    {
        using var error = new StringWriter();
        var exit = AslCommandLine.Run(["parse", CliRunner.TempFile(PassMachine)], new FailingWriter(new InvalidOperationException("the writer is gone")), error);

        Assert.Equal(1, exit);
        Assert.Equal("asl parse: unexpected error: the writer is gone (a bug in asl: please report it with the command line)" + Environment.NewLine, error.ToString());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("run FILE")]
    [InlineData("validate FILE")]
    public void A_closed_standard_output_is_reported_as_a_full_disk_is(string commandLine)
    {
        // asl --help >&-: .NET throws UnauthorizedAccessException for EBADF, not the IOException a full disk gives, and it
        // was "unexpected error: Access to the path is denied. (a bug in asl ...)".
        using var error = new StringWriter();
        var exit = AslCommandLine.Run(Args(commandLine, CliRunner.TempFile(PassMachine)), new FailingWriter(BadDescriptor()), error);

        Assert.Equal(1, exit);
        Assert.Equal("asl: cannot write standard output: Bad file descriptor" + Environment.NewLine, error.ToString());
    }

    [Theory]
    [InlineData("run MISSING", 1)]
    [InlineData("validate MISSING", 2)]
    [InlineData("test-state MISSING", 2)]
    [InlineData("eval --jsonpath $.a --input {", 2)]
    [InlineData("run FILE --bogus", 1)]
    [InlineData("validate FILE --bogus", 2)]
    public void A_standard_error_that_cannot_be_written_loses_the_messages_not_the_exit_code(string commandLine, int exitCode)
    {
        // asl run nope.json 2>&-: the second failed write, of the message about the first, escaped and aborted the process.
        using var output = new StringWriter();
        var exit = AslCommandLine.Run(Args(commandLine, CliRunner.TempFile(PassMachine)).Select(a => a == "MISSING" ? CliRunner.TempPath() : a).ToArray(), output, new FailingWriter(BadDescriptor()));

        Assert.Equal((exitCode, string.Empty), (exit, output.ToString()));
    }

    [Theory]
    [InlineData("exec \"$0\" \"$1\" run /nonexistent/machine.json 2>&-", 1, "")]
    [InlineData("exec \"$0\" \"$1\" --help >&-", 1, "asl: cannot write standard output: Bad file descriptor\n")]
    public async Task A_closed_standard_stream_is_no_crash(string script, int exitCode, string expectedError)
    {
        // Before: SIGABRT (exit 134) with standard error closed; "unexpected error" with standard output closed.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var (exit, output, error) = await RunProcessAsync("asl hung with a closed standard stream", "/bin/sh", "-c", script, Dotnet, Asl);
        Assert.Equal((exitCode, string.Empty, expectedError), (exit, output, error.Replace(Environment.NewLine, "\n", StringComparison.Ordinal)));
    }

    /// <summary>What .NET throws for a write to a closed descriptor (EBADF).</summary>
    private static UnauthorizedAccessException BadDescriptor() => new("Access to the path is denied.", new IOException("Bad file descriptor"));

    [Theory]
    [InlineData("eval --jsonata [1,2]", "asl eval")]
    [InlineData("run FILE", "asl run")]
    [InlineData("parse FILE", "asl parse")]
    public void Running_out_of_memory_is_a_resource_error_not_a_bug(string commandLine, string name)
    {
        // A StringWriter (or anything else) past what the process may allocate throws OutOfMemoryException, which was
        // "unexpected error: Insufficient memory ... (a bug in asl: please report it with the command line)".
        using var error = new StringWriter();
        var exit = AslCommandLine.Run(Args(commandLine, CliRunner.TempFile(PassMachine)), new OutOfMemoryWriter(), error);

        Assert.Equal(1, exit);
        Assert.Equal(name + ": out of memory while running the command: its input, or a value built from it, is too large for the memory this process can use." + Environment.NewLine, error.ToString());
    }

    /// <summary>A standard output whose every write needs a string longer than .NET can make: an OutOfMemoryException, at once.</summary>
    private sealed class OutOfMemoryWriter : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => _ = new string(value, int.MaxValue);
    }

    /// <summary>A standard output that fails as a full disk (or a closed handle) does.</summary>
    private sealed class FailingWriter(Exception failure) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => throw failure;

        public override void Write(string? value) => throw failure;

        public override void WriteLine(string? value) => throw failure;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_input_over_StartExecutions_limit_is_refused_before_the_run_with_or_without_a_store(bool store)
    {
        var input = CliRunner.TempFile("{\"a\":\"" + new string('x', 262_200) + "\"}");
        var folder = Directory.CreateDirectory(CliRunner.TempPath(string.Empty)).FullName;
        var definition = Path.Combine(folder, "Big.asl.json");
        File.WriteAllText(definition, PassMachine);
        string[] args = store
            ? ["run", definition, "--input", "@" + input, "--store", Path.Combine(folder, "s.db")]
            : ["run", definition, "--input", "@" + input];

        var (exit, output, error) = CliRunner.Run(args);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.Equal((1, string.Empty), (exit, output));
        Assert.StartsWith("asl: ValidationException: 1 validation error detected: Value '{\"a\":\"xxx", error, StringComparison.Ordinal);
        Assert.Contains("(262,208 characters)' at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_task_timeout_from_the_input_past_99999999_fails_the_state_naming_it_with_or_without_a_store(bool store)
    {
        // Found by fuzzing the CLI: the definition validates, and the value overflowed a TimeSpan ("unexpected error ...
        // a bug in asl"; with --store, .NET's message was the execution's cause).
        var folder = Directory.CreateDirectory(CliRunner.TempPath(string.Empty)).FullName;
        var definition = Path.Combine(folder, "Timeout.asl.json");
        File.WriteAllText(definition, """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"TimeoutSecondsPath":"$.s","End":true}}}""");
        string[] args = store
            ? ["run", definition, "--input", "{\"s\":1000000000000}", "--store", Path.Combine(folder, "s.db"), "--name", "t1"]
            : ["run", definition, "--input", "{\"s\":1000000000000}"];

        var (exit, output, error) = CliRunner.Run(args);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.Equal(1, exit);
        AssertNoInternals(error);
        var result = JsonValue.Parse(output);
        Assert.Equal("FAILED", result["status"].GetString());
        Assert.Equal("States.Runtime", result["error"].GetString());
        Assert.Contains("The TimeoutSeconds value 1000000000000 is more than 99999999, the most a definition may give.", result["cause"].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "asl: ")]
    [InlineData("test-state", "asl test-state: ")]
    public void An_input_is_measured_as_given_as_the_API_measures_it(string command, string prefix)
    {
        var definition = CliRunner.TempFile(command == "run" ? PassMachine : PassState);

        // White space counts: 262,145 characters as given, though its compact form is 7 (it was accepted).
        var spaced = "{\"a\":" + new string(' ', 262_145 - 7) + "1}";
        var (exit, output, error) = CliRunner.Run(command, definition, "--input", "@" + CliRunner.TempFile(spaced));
        Assert.Equal((1, string.Empty), (exit, output));
        Assert.Equal(prefix + "ValidationException: 1 validation error detected: Value '{\"a\":" + new string(' ', 95) + "... (262,145 characters)' at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144" + Environment.NewLine, error);

        // An escape counts as written: "\u00e9" is 6 characters, not the one it stands for (it was reported decoded).
        var escaped = "\"" + string.Concat(Enumerable.Repeat("\\u00e9", 43_700)) + "\"";
        (exit, output, error) = CliRunner.Run(command, definition, "--input", escaped);
        Assert.Equal((1, string.Empty), (exit, output));
        Assert.Contains("... (262,202 characters)' at 'input'", error, StringComparison.Ordinal);

        // At the limit it runs, white space and all.
        (exit, _, error) = CliRunner.Run(command, definition, "--input", "@" + CliRunner.TempFile("{\"a\":" + new string(' ', 262_144 - 7) + "1}"));
        Assert.Equal((0, string.Empty), (exit, error));

        // StartExecution's limit is on UTF-8 bytes (the reference applies it to the payload size; é is two bytes), so 131,074
        // characters are too long for run; TestState's input limit is on characters, as the reference gives it.
        (_, _, error) = CliRunner.Run(command, definition, "--input", "@" + CliRunner.TempFile("\"" + new string('é', 131_072) + "\""));
        if (command == "run")
        {
            Assert.Equal(prefix + "ValidationException: 1 validation error detected: Value '\"" + new string('é', 99) + "... (131,074 characters)' at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144" + Environment.NewLine, error);
        }
        else
        {
            Assert.DoesNotContain("ValidationException", error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Text_read_a_chunk_at_a_time_decodes_as_the_whole_file_does(int cut)
    {
        // A three-byte character across the first chunk's end (81,920 bytes), after a byte order mark.
        var euro = "€"u8.ToArray();
        var head = new string('a', 81_920 - 3 - cut);
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(head), .. euro, .. "z"u8];
        using var error = new StringWriter();

        var text = Cli.Commands.InputFile.TryReadText(CliRunner.TempFile(bytes), error, 1_000_000);
        Assert.Equal(head + "€z", text!.Text);
        Assert.Equal(head.Length + 2, text.Length);

        // Kept only up to the limit: the first 100 characters and the length.
        text = Cli.Commands.InputFile.TryReadText(CliRunner.TempFile(bytes), error, 81_000);
        Assert.Equal((null, head.Length + 2L, head[..100]), (text!.Text, text.Length, text.Head));
        Assert.Equal(string.Empty, error.ToString());

        // A bad byte past the first chunk, and a character cut by the end of the file, are named at their offset.
        byte[] bad = [.. bytes[..^1], 0xFF];
        Assert.Null(Cli.Commands.InputFile.TryReadText(CliRunner.TempFile(bad), error, 1_000_000));
        byte[] cutOff = [.. bytes[..^1], 0xE2, 0x82];
        Assert.Null(Cli.Commands.InputFile.TryReadText(CliRunner.TempFile(cutOff), error, 10));
        Assert.Equal(
            $"is not valid UTF-8 text: byte 0xFF at offset {bytes.Length - 1} does not start or continue a character.|is not valid UTF-8 text: byte 0xE2 at offset {bytes.Length - 1} does not start or continue a character.",
            string.Join('|', error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Select(line => line[line.IndexOf("is not", StringComparison.Ordinal)..])));
    }

    [Theory]
    [InlineData("run", false)]
    [InlineData("run", true)]
    [InlineData("test-state", true)]
    public void An_input_over_the_limit_is_refused_before_it_is_parsed_or_held(string command, bool standardInput)
    {
        // 32 MB of [1,1,...] (or [{},{},...] on standard input): the whole text was read, decoded and parsed (128 MB took
        // 5 s and 5.4 GB) before its length was checked. Now it is decoded a chunk at a time and only its length kept.
        var item = standardInput ? "{}," : "1,";
        var text = new System.Text.StringBuilder(32 * 1024 * 1024).Append('[').Insert(1, item, (32 * 1024 * 1024) / item.Length).Append("1]").ToString();
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var definition = CliRunner.TempFile(command == "run" ? PassMachine : PassState);
        var input = standardInput ? "-" : "@" + CliRunner.TempFile(bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var (exit, output, error) = CliRunner.RunWithInput(bytes, command, definition, "--input", input);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((1, string.Empty), (exit, output));
        Assert.Contains("... (" + text.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " characters)' at 'input' failed to satisfy constraint", error, StringComparison.Ordinal);
        Assert.True(allocated < 4 * 1024 * 1024, $"{allocated:N0} bytes allocated for a {bytes.Length:N0}-byte input");
    }

    [Fact]
    public async Task Serve_on_an_address_this_machine_does_not_have_says_it_cannot_listen_there()
    {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737), never a local address. Before: "asl serve: unexpected error: Cannot assign
        // requested address (a bug in asl ...)", as the SocketException was not the IOException serve caught.
        var run = Task.Run(() => CliRunner.Run("serve", "--port", "0", "--host", "192.0.2.1"));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run, "asl serve listened on 192.0.2.1");

        var (exit, output, error) = await run;
        Assert.Equal((1, string.Empty), (exit, output));
        Assert.StartsWith("asl: cannot listen on 192.0.2.1:0: ", error, StringComparison.Ordinal);
        Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        AssertNoInternals(error);
    }

    [Fact]
    public async Task Serve_on_a_port_in_use_says_so_in_one_line_without_the_hosts_stack_trace()
    {
        // The host's own log of the failed start went to standard error with the exception's stack trace, before asl's
        // line; only a real process shows it, as the log writes to the console rather than to the test's writer.
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exit, output, text) = await RunProcessAsync("asl serve did not stop on a port in use", Dotnet, Asl, "serve", "--port", port);
        Assert.Equal((1, string.Empty), (exit, output));
        Assert.Equal("asl: cannot listen on 127.0.0.1:" + port + ": Failed to bind to address http://127.0.0.1:" + port + ": address already in use." + Environment.NewLine, text);
    }

    [Theory]
    [InlineData("parse", 2)]
    [InlineData("validate", 2)] // validate's exit code for a file it cannot read, as for a directory
    [InlineData("run", 1)]
    public async Task A_dash_with_standard_input_closed_says_so_instead_of_waiting_forever(string command, int exitCode)
    {
        // Started with descriptor 0 closed, the runtime took 0 for a pipe of its own, and reading '-' waited on it for
        // good. Only a real process started by a shell with <&- shows it; Windows has no such descriptor to reuse.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var (exit, output, error) = await RunProcessAsync("asl " + command + " - waited on a closed standard input", "/bin/sh", "-c", "exec \"$0\" \"$1\" \"$2\" - <&-", Dotnet, Asl, command);
        Assert.Equal((exitCode, string.Empty), (exit, output));
        Assert.Equal("asl: cannot read '-': standard input is closed." + Environment.NewLine, error);
    }

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private static string Asl => Path.Combine(AppContext.BaseDirectory, "asl.dll");

    /// <summary>Runs a real process to its end (killed, failing the test with <paramref name="hangMessage"/>, after 60 s).</summary>
    private static async Task<(int Exit, string Output, string Error)> RunProcessAsync(string hangMessage, string fileName, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var child = System.Diagnostics.Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            try
            {
                await child.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                child.Kill(entireProcessTree: true);
                Assert.Fail(hangMessage);
            }
        }

        return (child.ExitCode, await output, await error);
    }
}
