using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Tests.Tasks;

public class HttpConnectionsJsonTests
{
    private const string Arn = "arn:aws:events:us-east-1:123456789012:connection/Orders/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    private static HttpConnection Single(string connection)
    {
        var provider = HttpConnectionsJson.Parse("{\"" + Arn + "\":" + connection + "}");
        var found = provider.GetConnectionAsync(Arn, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        Assert.NotNull(found);
        Assert.Null(provider.GetConnectionAsync(Arn + "x", CancellationToken.None).AsTask().GetAwaiter().GetResult());
        return found;
    }

    [Fact]
    public void An_API_key_connection_with_invocation_parameters_reads_as_EventBridge_writes_it()
    {
        var connection = Single("""
            {"AuthorizationType":"API_KEY","AuthParameters":{
              "ApiKeyAuthParameters":{"ApiKeyName":"x-api-key","ApiKeyValue":"secret"},
              "InvocationHttpParameters":{"HeaderParameters":[{"Key":"x-tenant","Value":"42","IsValueSecret":false}],
                "QueryStringParameters":[{"Key":"v","Value":"2"}],"BodyParameters":[{"Key":"source","Value":"sfn"}]}}}
            """);
        Assert.Equal(HttpConnectionAuthorizationType.ApiKey, connection.AuthorizationType);
        Assert.Equal(("x-api-key", "secret"), (connection.ApiKeyName, connection.ApiKeyValue));
        Assert.Equal([new("x-tenant", "42")], connection.HeaderParameters);
        Assert.Equal([new("v", "2")], connection.QueryStringParameters);
        Assert.Equal([new("source", "sfn")], connection.BodyParameters);
    }

    [Fact]
    public void Basic_OAuth_and_none_connections_read()
    {
        var basic = Single("""{"AuthorizationType":"BASIC","AuthParameters":{"BasicAuthParameters":{"Username":"u","Password":"p"}}}""");
        Assert.Equal((HttpConnectionAuthorizationType.Basic, "u", "p"), (basic.AuthorizationType, basic.Username, basic.Password));

        var oauth = Single("""
            {"AuthorizationType":"OAUTH_CLIENT_CREDENTIALS","AuthParameters":{"OAuthParameters":{
              "AuthorizationEndpoint":"https://auth.example/token","HttpMethod":"POST",
              "ClientParameters":{"ClientID":"id","ClientSecret":"s"},
              "OAuthHttpParameters":{"BodyParameters":[{"Key":"scope","Value":"orders"}]}}}}
            """);
        Assert.Equal(HttpConnectionAuthorizationType.OAuthClientCredentials, oauth.AuthorizationType);
        Assert.Equal(("https://auth.example/token", "id", "s"), (oauth.OAuth!.AuthorizationEndpoint, oauth.OAuth.ClientId, oauth.OAuth.ClientSecret));
        Assert.Equal([new("scope", "orders")], oauth.OAuth.BodyParameters);

        var none = Single("""{"AuthorizationType":"NONE"}""");
        Assert.Equal(HttpConnectionAuthorizationType.None, none.AuthorizationType);
    }

    [Theory]
    [InlineData("[1]", "must be a JSON object")]
    [InlineData("{\"a\":", "not valid JSON")]
    [InlineData("{\"arn\":{}}", "connection 'arn': AuthorizationType (a string) is required.")]
    [InlineData("{\"arn\":{\"AuthorizationType\":\"DIGEST\"}}", "AuthorizationType \"DIGEST\" is not API_KEY, BASIC, OAUTH_CLIENT_CREDENTIALS or NONE.")]
    [InlineData("{\"arn\":{\"AuthorizationType\":\"API_KEY\",\"AuthParameters\":{}}}", "ApiKeyAuthParameters (an object) is required.")]
    [InlineData("{\"arn\":{\"AuthorizationType\":\"BASIC\",\"AuthParameters\":{\"BasicAuthParameters\":{\"Username\":\"u\"}}}}", "Password (a string) is required.")]
    [InlineData("{\"arn\":{\"AuthorizationType\":\"NONE\",\"AuthParameters\":{\"InvocationHttpParameters\":{\"HeaderParameters\":{}}}}}", "HeaderParameters must be an array")]
    [InlineData("{\"arn\":{\"AuthorizationType\":\"NONE\",\"AuthParameters\":7}}", "AuthParameters must be an object.")]
    [InlineData("{\"arn\":{\"AuthorizationType\":\"API_KEY\",\"AuthParameters\":{\"ApiKeyAuthParameters\":{\"ApiKeyName\":\"\",\"ApiKeyValue\":\"v\"}}}}", "connection 'arn': ApiKeyName must not be empty.")]
    [InlineData("{\"arn\":{\"AuthorizationType\":\"OAUTH_CLIENT_CREDENTIALS\",\"AuthParameters\":{\"OAuthParameters\":{\"AuthorizationEndpoint\":\"https://a/t\",\"HttpMethod\":\"PATCH\",\"ClientParameters\":{\"ClientID\":\"a\",\"ClientSecret\":\"b\"}}}}}", "connection 'arn': HttpMethod must be \"GET\", \"POST\" or \"PUT\".")]
    [InlineData("{\"arn\":{\"AuthorizationType\":\"OAUTH_CLIENT_CREDENTIALS\",\"AuthParameters\":{\"OAuthParameters\":{\"AuthorizationEndpoint\":\"https://a/t\",\"HttpMethod\":[],\"ClientParameters\":{\"ClientID\":\"a\",\"ClientSecret\":\"b\"}}}}}", "connection 'arn': HttpMethod must be \"GET\", \"POST\" or \"PUT\".")]
    public void Bad_connections_fail_naming_what_and_where(string json, string message)
    {
        var e = Assert.Throws<FormatException>(() => HttpConnectionsJson.Parse(json));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
