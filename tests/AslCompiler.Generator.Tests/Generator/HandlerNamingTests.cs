using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>How Task resources become <c>IHandlers</c> methods and registration keys.</summary>
public class HandlerNamingTests
{
    [Theory]
    [InlineData("arn:aws:states:::lambda:invoke", "{\"FunctionName\":\"refund-payment\",\"Payload.$\":\"$\"}", "RefundPaymentAsync", "refund-payment")]
    [InlineData("arn:aws:states:::lambda:invoke", "{\"FunctionName\":\"arn:aws:lambda:eu-west-1:123456789012:function:price:prod\"}", "PriceAsync", "arn:aws:lambda:eu-west-1:123456789012:function:price:prod")]
    [InlineData("arn:aws:states:::lambda:invoke", "{\"FunctionName.$\":\"$.fn\"}", "InvokeAsync", "arn:aws:states:::lambda:invoke")]
    [InlineData("arn:aws:states:::lambda:invoke.waitForTaskToken", "{\"FunctionName\":\"approve\",\"Payload\":{\"t.$\":\"$$.Task.Token\"}}", "ApproveAsync", "approve")]
    [InlineData("arn:aws:states:::states:startExecution.sync:2", "{\"StateMachineArn\":\"arn:aws:states:us-east-1:123456789012:stateMachine:child\"}", "StartExecutionSync2Async", "arn:aws:states:::states:startExecution.sync:2")]
    [InlineData("arn:aws:states:::dynamodb:putItem", "{\"TableName\":\"t\",\"Item\":{}}", "PutItemAsync", "arn:aws:states:::dynamodb:putItem")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:ship-it", null, "ShipItAsync", "arn:aws:lambda:us-east-1:123456789012:function:ship-it")]
    public void Resource_becomes_a_method_registered_under_the_kernels_key(string resource, string? parameters, string method, string key)
    {
        var source = Generate(Machine(("Work", resource, parameters)), out var output);

        var handlers = output.GetTypeByMetadataName("Shop.Machine+IHandlers")!;
        Assert.Equal([method], handlers.GetMembers().Select(m => m.Name));
        Assert.Contains("registry.Register(\"" + key + "\", invocation => handlers." + method + "(", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_resource_twice_is_one_method_and_clashing_names_are_numbered()
    {
        Generate(
            Machine(
                ("A", "arn:aws:states:::sqs:sendMessage", null),
                ("B", "arn:aws:states:::sqs:sendMessage", null),
                ("C", "arn:aws:states:::sns:sendMessage", null),
                ("D", "arn:aws:states:::lambda:invoke", "{\"FunctionName\":\"send-message\"}")),
            out var output);

        var handlers = output.GetTypeByMetadataName("Shop.Machine+IHandlers")!;
        Assert.Equal(["SendMessageAsync", "SendMessage2Async", "SendMessage3Async"], handlers.GetMembers().Select(m => m.Name));
    }

    private static string Machine(params (string Name, string Resource, string? Parameters)[] tasks)
    {
        var states = tasks.Select((t, i) =>
            "\"" + t.Name + "\":{\"Type\":\"Task\",\"Resource\":\"" + t.Resource + "\"" +
            (t.Parameters is null ? string.Empty : ",\"Parameters\":" + t.Parameters) +
            (t.Resource.EndsWith(".waitForTaskToken", StringComparison.Ordinal) ? ",\"TimeoutSeconds\":60" : string.Empty) +
            (i == tasks.Length - 1 ? ",\"End\":true}" : ",\"Next\":\"" + tasks[i + 1].Name + "\"}"));
        return "{\"StartAt\":\"" + tasks[0].Name + "\",\"States\":{" + string.Join(",", states) + "}}";
    }

    private static string Generate(string definition, out Compilation output)
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Machine.asl.json", definition)]);
        var (_, compilation, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));
        output = compilation;
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        return Assert.Single(sources).Value;
    }
}
