using System.Text.Json;
using AslCompiler.Runtime.Api;
using AslCompiler.Server.Protocol;

namespace AslCompiler.Server.Tests;

public sealed class WireJsonTests
{
    [Theory]
    [InlineData(1700000000123L, "1700000000.123")]
    [InlineData(1700000000000L, "1700000000")]
    [InlineData(1700000000500L, "1700000000.5")]
    public void Timestamps_are_written_as_epoch_seconds(long milliseconds, string expected)
    {
        var json = JsonSerializer.Serialize(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), WireJson.Options);
        Assert.Equal(expected, json);
    }

    [Theory]
    [InlineData("1700000000.123")]
    [InlineData("\"1700000000.123\"")]
    [InlineData("\"2023-11-14T22:13:20.123Z\"")]
    public void Timestamps_are_read_from_numbers_and_strings(string json)
    {
        Assert.Equal(1700000000123L, JsonSerializer.Deserialize<DateTimeOffset>(json, WireJson.Options).ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData("1e300")]
    [InlineData("true")]
    [InlineData("\"yesterday\"")]
    public void Bad_timestamps_are_serialization_errors(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DateTimeOffset>(json, WireJson.Options));
    }

    [Fact]
    public void Enums_use_wire_names_both_ways()
    {
        Assert.Equal("\"TIMED_OUT\"", JsonSerializer.Serialize(ExecutionStatus.TimedOut, WireJson.Options));
        Assert.Equal(ExecutionStatus.PendingRedrive, JsonSerializer.Deserialize<ExecutionStatus>("\"PENDING_REDRIVE\"", WireJson.Options));
    }

    [Fact]
    public void Enum_names_are_case_sensitive_as_AWS_is()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ListExecutionsRequest>("""{"stateMachineArn":"a","statusFilter":"Running"}""", WireJson.Options));
        var inner = Assert.IsType<WireEnumValueException>(e.InnerException);
        Assert.Equal("Running", inner.Value);
        Assert.Equal("$.statusFilter", e.Path);
    }

    [Fact]
    public void Required_members_are_left_to_the_API()
    {
        var request = JsonSerializer.Deserialize<StartExecutionRequest>("{}", WireJson.Options)!;
        Assert.Null(request.StateMachineArn);
    }

    [Fact]
    public void Error_bodies_carry_type_message_and_members()
    {
        var error = WireError.From(new ValidationException("bad", ValidationExceptionReason.MissingRequiredParameter));
        var body = JsonDocument.Parse(error.ToJson()).RootElement;
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
        Assert.Equal("bad", body.GetProperty("message").GetString());
        Assert.Equal("MISSING_REQUIRED_PARAMETER", body.GetProperty("reason").GetString());
        Assert.Equal(400, error.StatusCode);
        Assert.Equal(409, WireError.From(new ConflictException("c")).StatusCode);
    }
}
