using System.Runtime.Loader;
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
        Assert.Contains("own.Register(\"" + key + "\", invocation => handlers." + method + "(", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_resource_twice_is_one_method_and_clashing_service_actions_are_named_with_their_service()
    {
        // A real-world trial found aws-sdk:dynamodb:query and aws-sdk:kendra:query as QueryAsync and Query2Async.
        Generate(
            Machine(
                ("A", "arn:aws:states:::sqs:sendMessage", null),
                ("B", "arn:aws:states:::sqs:sendMessage", null),
                ("C", "arn:aws:states:::sns:sendMessage", null),
                ("D", "arn:aws:states:::lambda:invoke", "{\"FunctionName\":\"send-message\"}"),
                ("E", "arn:aws:states:::aws-sdk:dynamodb:query", null),
                ("F", "arn:aws:states:::aws-sdk:kendra:query", null),
                ("G", "arn:aws:states:::events:putEvents", null),
                ("H", "arn:aws:states:::aws-sdk:eventbridge:putEvents", null),
                ("I", "arn:aws:states:::aws-sdk:s3:getObject", null),
                ("J", "arn:aws:states:::s3:getObject", null),
                ("K", "arn:aws:states:::aws-sdk:sfn:describeExecution", null)),
            out var output);

        var handlers = output.GetTypeByMetadataName("Shop.Machine+IHandlers")!;
        Assert.Equal(
            ["SqsSendMessageAsync", "SnsSendMessageAsync", "SendMessageAsync", "DynamodbQueryAsync", "KendraQueryAsync", "EventsPutEventsAsync", "EventbridgePutEventsAsync", "S3GetObjectAsync", "S3GetObject2Async", "DescribeExecutionAsync"],
            handlers.GetMembers().Select(m => m.Name));
    }

    [Fact]
    public void Each_method_documents_what_it_is_given_and_what_its_result_becomes()
    {
        var source = Generate(
            Machine(
                ("Price", "arn:aws:states:::lambda:invoke", "{\"FunctionName\":\"price\",\"Payload.$\":\"$\"}"),
                ("Approve", "arn:aws:states:::lambda:invoke.waitForTaskToken", "{\"FunctionName\":\"approve\",\"Payload\":{\"t.$\":\"$$.Task.Token\"}}"),
                ("Notify", "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "{\"QueueUrl\":\"q\",\"MessageBody\":{\"t.$\":\"$$.Task.Token\"}}"),
                ("Put", "arn:aws:states:::dynamodb:putItem", "{\"TableName\":\"t\",\"Item\":{}}")),
            out _);

        // The doc comment just above each method: its input and what its result becomes.
        string Doc(string method)
        {
            var end = source.IndexOf(" " + method + "(", StringComparison.Ordinal);
            var start = source.LastIndexOf("<summary>", end, StringComparison.Ordinal);
            return source[start..end];
        }

        Assert.Contains("The call's <c>Payload</c>", Doc("PriceAsync"), StringComparison.Ordinal);
        Assert.Contains("Lambda's response with it as <c>Payload</c>", Doc("PriceAsync"), StringComparison.Ordinal);
        Assert.Contains("The call's <c>Payload</c>", Doc("ApproveAsync"), StringComparison.Ordinal);
        Assert.Contains("what <c>SendTaskSuccess</c> sends with the token", Doc("ApproveAsync"), StringComparison.Ordinal);
        Assert.Contains("The task's effective input (after InputPath and Parameters, or Arguments)", Doc("SendMessageWaitForTaskTokenAsync"), StringComparison.Ordinal);
        Assert.Contains("what <c>SendTaskSuccess</c> sends with the token", Doc("SendMessageWaitForTaskTokenAsync"), StringComparison.Ordinal);
        Assert.Contains("The task's effective input (after InputPath and Parameters, or Arguments)", Doc("PutItemAsync"), StringComparison.Ordinal);
        Assert.Contains("<returns>The task's result.</returns>", Doc("PutItemAsync"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_literal_FunctionName_reaches_its_own_method_beside_a_computed_one()
    {
        // The computed FunctionName's InvokeAsync is registered under the lambda:invoke resource; the literal one's
        // PriceAsync under "price". Each state must still call its own method (the kernel used to send both to
        // InvokeAsync, since a handler for the resource was found first).
        const string userCode = """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using AslCompiler.Runtime.Json;
            namespace Shop
            {
                internal sealed class Handlers : Machine.IHandlers
                {
                    public List<string> Calls { get; } = new();
                    public ValueTask<JsonValue> PriceAsync(JsonValue input, CancellationToken cancellationToken)
                    {
                        Calls.Add("price " + input.ToJsonString());
                        return ValueTask.FromResult(JsonValue.Parse("{\"total\":3}"));
                    }
                    public ValueTask<JsonValue> InvokeAsync(JsonValue input, CancellationToken cancellationToken)
                    {
                        Calls.Add("invoke " + input["FunctionName"].GetString());
                        return ValueTask.FromResult(JsonValue.Parse("{\"Payload\":\"computed\"}"));
                    }
                    public static async Task<string> RunAsync(Handlers handlers)
                    {
                        var result = await Machine.RunAsync(handlers, JsonValue.Parse("{\"fn\":\"audit\"}"));
                        return result.StatusName + " " + result.Output["Payload"].ToJsonString() + " " + string.Join(", ", handlers.Calls);
                    }
                }
            }
            """;
        var definition = Machine(
            ("Computed", "arn:aws:states:::lambda:invoke", "{\"FunctionName.$\":\"$.fn\",\"Payload\":{}}"),
            ("Literal", "arn:aws:states:::lambda:invoke", "{\"FunctionName\":\"price\",\"Payload\":{\"n\":1}}"));
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Machine.asl.json", definition)]);
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, userCode));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var (type, context) = GeneratorHarness.LoadType(output, "Shop.Handlers", "LiteralFunction");
        try
        {
            var run = (Task<string>)type.GetMethod("RunAsync")!.Invoke(null, [Activator.CreateInstance(type)])!;

            // The literal state's handler gets its Payload, and its result comes back in Lambda's response shape.
            Assert.Equal("SUCCEEDED {\"total\":3} invoke audit, price {\"n\":1}", await run);
        }
        finally
        {
            context.Unload();
        }
    }

    [Theory]
    [InlineData("arn:aws:states:::sqs:sendMessage.waitForTaskToken", 3, 4)] // the JSON RunAsync and the two typed ones
    [InlineData("arn:aws:states:us-east-1:123456789012:activity:pack", 4, 5)] // and the handler-less one (an activity has no handler method)
    [InlineData("arn:aws:states:::sqs:sendMessage", 0, 4)]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:price", 0, 4)]
    public void A_RunAsync_that_makes_its_own_kernel_says_when_nothing_on_it_can_answer_a_task(string resource, int remarks, int runAsyncs)
    {
        // RunAsync(handlers, input) on a definition with a callback or an activity waited until the task timed out (or
        // forever), with nothing in the method's documentation to say that only the kernel overload can answer it.
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["Machine.asl.json"] = new Dictionary<string, string> { ["AslOutputType"] = "int" } };
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Machine.asl.json", Machine(("Send", resource, null)))], itemMetadata: metadata);
        var (_, output, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));

        var source = Assert.Single(sources).Value;
        Assert.Equal(remarks, source.Split("Nothing can answer them on the kernel this method makes").Length - 1);
        Assert.Equal(runAsyncs, output.GetTypeByMetadataName("Shop.Machine")!.GetMembers("RunAsync").Length); // the typed ones too
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
