using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tests.Execution;

public sealed class SnapshotMatcherTests
{
    private const string Arn = "arn:aws:states:us-east-1:111111111111:execution:Machine:0b7f3c1e-5d2a-4a8e-9f1b-2c3d4e5f6a7b";
    private const string ArnTemplate = "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>";

    [Theory]
    [InlineData("timestamp", "2024-07-15T13:31:21.123Z")]
    [InlineData("date", "2016-03-05T21:29:29.243167252Z")]
    [InlineData("start-time", "2024-07-15T13:31:21+02:00")]
    [InlineData("<timestamp>", "2024-07-15T13:31:21Z")]
    [InlineData("format string: $.start_at == <timestamp>", "format string: $.start_at == 2026-11-25T11:37:49")] // inside a text: zone optional
    [InlineData("format string: $.start_at == <timestamp>", "format string: $.start_at == 2026-11-25T11:37:49.000000")]
    [InlineData("<uuid:1>", "0b7f3c1e-5d2a-4a8e-9f1b-2c3d4e5f6a7b")]
    [InlineData("snf_role_arn", "arn:aws:iam::111111111111:role/StatesExecutionRole")]
    [InlineData(ArnTemplate, Arn)]
    [InlineData("requestId <request-id>.", "requestId 0b7f3c1e-5d2a-4a8e-9f1b-2c3d4e5f6a7b.")]
    [InlineData("plain text", "plain text")]
    [InlineData("<not-a-placeholder-kind>", "<not-a-placeholder-kind>")]
    public void A_placeholder_matches_a_value_of_its_shape(string recorded, string actual) =>
        Assert.Null(new SnapshotMatcher().MatchText(recorded, actual));

    [Fact]
    public void A_placeholder_matches_its_own_text_replayed_from_the_recording() =>
        Assert.Null(new SnapshotMatcher().Compare(JsonValue.Parse("""{"id":"<uuid:1>","at":"timestamp"}"""), JsonValue.Parse("""{"id":"<uuid:1>","at":"timestamp"}""")));

    [Theory]
    [InlineData("timestamp", "yesterday")]
    [InlineData("timestamp", "2024-07-15T13:31:21")] // no zone
    [InlineData("<uuid:1>", "not-a-uuid")]
    [InlineData("at <timestamp>", "at 2026-11-25 11:37:49")] // inside a text still a date-time with its T
    [InlineData("snf_role_arn", "arn:aws:iam::111111111111:user/someone")]
    [InlineData(ArnTemplate, "arn:aws:states:us-east-1:222222222222:execution:Machine:x")] // the account is a fixed part
    [InlineData(ArnTemplate, "arn:aws:states:us-east-1:111111111111:stateMachine:Machine:x")] // so is the resource type
    [InlineData("plain text", "plain text!")]
    [InlineData("<not-a-placeholder-kind>", "anything")] // unknown placeholders are literal text
    [InlineData("<json-input:1>", "{not json")]
    public void A_placeholder_does_not_match_a_value_of_another_shape(string recorded, string actual) =>
        Assert.NotNull(new SnapshotMatcher().MatchText(recorded, actual));

    [Fact]
    public void The_same_placeholder_binds_the_same_value_everywhere()
    {
        var matcher = new SnapshotMatcher();
        Assert.Null(matcher.MatchText(ArnTemplate, Arn));
        Assert.Null(matcher.MatchText("<ExecArnPart_0idx>", "0b7f3c1e-5d2a-4a8e-9f1b-2c3d4e5f6a7b"));
        Assert.Equal("Machine", matcher.Bindings["<ArnPart_0idx>"]);
        var problem = matcher.MatchText("name <ArnPart_0idx>", "name OtherMachine");
        Assert.NotNull(problem);
    }

    [Fact]
    public void A_placeholder_repeated_in_one_text_binds_one_value()
    {
        Assert.Null(new SnapshotMatcher().MatchText("<ArnPart_0idx>/<ArnPart_0idx>", "a/a"));
        Assert.NotNull(new SnapshotMatcher().MatchText("<ArnPart_0idx>/<ArnPart_0idx>", "a/b"));
    }

    [Fact]
    public void Distinct_numbered_placeholders_of_one_family_need_distinct_values()
    {
        var uuid = "0b7f3c1e-5d2a-4a8e-9f1b-2c3d4e5f6a7b";
        var matcher = new SnapshotMatcher();
        Assert.Null(matcher.Compare(JsonValue.Parse("""["<uuid:1>","<uuid:1>"]"""), JsonValue.CreateArray(uuid, uuid)));
        Assert.NotNull(matcher.Compare(JsonValue.Parse("""["<uuid:2>"]"""), JsonValue.CreateArray(uuid)));
    }

    [Fact]
    public void Unnumbered_time_placeholders_do_not_bind()
    {
        var matcher = new SnapshotMatcher();
        Assert.Null(matcher.Compare(
            JsonValue.Parse("""["entered-time","entered-time"]"""),
            JsonValue.CreateArray("2024-07-15T13:31:21.123Z", "2024-07-15T13:31:22.456Z")));
    }

    [Fact]
    public void A_replacement_placeholder_stands_for_exactly_its_value()
    {
        var matcher = new SnapshotMatcher([new("lambda_func_uid00107", "<lambda_function_name>")]);
        Assert.Null(matcher.MatchText("function:<lambda_function_name>", "function:lambda_func_uid00107"));
        Assert.Null(matcher.MatchText("function:<lambda_function_name>", "function:<lambda_function_name>"));
        Assert.NotNull(matcher.MatchText("function:<lambda_function_name>", "function:lambda_func_uid00108"));
    }

    [Fact]
    public void A_recorded_object_matches_a_string_holding_that_json()
    {
        var matcher = new SnapshotMatcher();
        var recorded = JsonValue.Parse("""{"errorType":"Exception","requestId":"<uuid:1>"}""");
        Assert.Null(matcher.Compare(recorded, """{"errorType": "Exception", "requestId": "0b7f3c1e-5d2a-4a8e-9f1b-2c3d4e5f6a7b"}"""));
        Assert.NotNull(matcher.Compare(recorded, """{"errorType": "Error", "requestId": "0b7f3c1e-5d2a-4a8e-9f1b-2c3d4e5f6a7b"}"""));
        Assert.NotNull(matcher.Compare(recorded, "not json"));
    }

    [Fact]
    public void Structure_and_other_values_compare_exactly()
    {
        var matcher = new SnapshotMatcher();
        Assert.NotNull(matcher.Compare(JsonValue.Parse("""{"a":1}"""), JsonValue.Parse("""{"a":1,"b":2}""")));
        Assert.NotNull(matcher.Compare(JsonValue.Parse("""{"a":1,"b":2}"""), JsonValue.Parse("""{"a":1}""")));
        Assert.NotNull(matcher.Compare(JsonValue.Parse("""[1,2]"""), JsonValue.Parse("""[1]""")));
        Assert.NotNull(matcher.Compare(JsonValue.Parse("""{"a":"timestamp"}"""), JsonValue.Parse("""{"a":12}""")));
        Assert.Null(matcher.Compare(JsonValue.Parse("""{"a":[1,"x",null]}"""), JsonValue.Parse("""{"a":[1,"x",null]}""")));
    }

    [Fact]
    public void A_random_number_placeholder_matches_an_integer_only()
    {
        var matcher = new SnapshotMatcher();
        Assert.Null(matcher.Compare("RandomNumberGenerated", 42));
        Assert.NotNull(matcher.Compare("RandomNumberGenerated", 4.5));
        Assert.NotNull(matcher.Compare("RandomNumberGenerated", "forty-two"));
    }

    [Theory]
    [InlineData("""{"a":1,"SdkHttpMetadata":{"x":1}}""", """{"a":1}""")] // recorded, not produced
    [InlineData("""{"a":1}""", """{"a":1,"SdkHttpMetadata":{"y":2}}""")] // produced, not recorded
    [InlineData("""{"a":{"b":[{"SdkHttpMetadata":1}]}}""", """{"a":{"b":[{"SdkHttpMetadata":2}]}}""")] // any depth, any value
    [InlineData("""{"events":[{"taskSubmittedEventDetails":{"output":"x","n":1}}]}""", """{"events":[{"taskSubmittedEventDetails":{"output":"y","n":1}}]}""")]
    public void An_unverified_path_is_skipped_wherever_it_is(string recorded, string actual) =>
        Assert.Null(new SnapshotMatcher(unverifiedPaths: ["$..SdkHttpMetadata", "$..events..taskSubmittedEventDetails.output"]).Compare(JsonValue.Parse(recorded), JsonValue.Parse(actual), "output"));

    [Theory]
    [InlineData("""{"a":1,"SdkHttpMetadataX":1}""", """{"a":1}""")] // another name
    [InlineData("""{"taskSubmittedEventDetails":{"output":"x"}}""", """{"taskSubmittedEventDetails":{"output":"y"}}""")] // not under events
    [InlineData("""{"events":[{"taskSubmittedEventDetails":{"output":"x","n":1}}]}""", """{"events":[{"taskSubmittedEventDetails":{"output":"x","n":2}}]}""")] // its sibling is verified
    public void Only_the_unverified_paths_are_skipped(string recorded, string actual) =>
        Assert.NotNull(new SnapshotMatcher(unverifiedPaths: ["$..SdkHttpMetadata", "$..events..taskSubmittedEventDetails.output"]).Compare(JsonValue.Parse(recorded), JsonValue.Parse(actual), "output"));

    [Theory]
    [InlineData("execution-arn", "arn:aws:states:us-east-1:111111111111:execution:Part:TestStartTarget")]
    [InlineData("state-machine-arn", "arn:aws:states:us-east-1:111111111111:stateMachine:Part")]
    [InlineData("start-date", "1745486528077")]
    [InlineData("stop-date", "2025-04-24T09:22:08.078Z")]
    public void A_member_named_placeholder_matches_the_values_of_that_member(string recorded, string actual) =>
        Assert.Null(new SnapshotMatcher().MatchText(recorded, actual));

    [Theory]
    [InlineData("execution-arn", "arn:aws:states:us-east-1:111111111111:stateMachine:Part")]
    [InlineData("start-date", "yesterday")]
    public void A_member_named_placeholder_does_not_match_other_values(string recorded, string actual) =>
        Assert.NotNull(new SnapshotMatcher().MatchText(recorded, actual));
}
