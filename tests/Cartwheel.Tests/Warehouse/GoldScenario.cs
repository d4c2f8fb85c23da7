namespace Cartwheel.Tests.Warehouse;

/// <summary>A small three-day shop: one user who changes tier twice, a product whose price and category change, orders incl. a refund.</summary>
internal static class GoldScenario
{
    private const string Users = "user_id,email,name,phone,country,state,tier,device_type,signup_date,updated_at";
    private const string Products = "product_id,name,category,subcategory,brand,price,is_active,updated_at";

    public static void Load(BronzeFixture f)
    {
        var d1 = new DateOnly(2024, 3, 1);
        var d2 = new DateOnly(2024, 3, 2);
        var d3 = new DateOnly(2024, 3, 3);
        f.Csv("users", d1, Users, "u1,a@x.com,Ann,1,US,CA,free,mobile,2024-02-01,2024-03-01T08:00:00Z", "u2,b@x.com,Bo,2,US,NY,free,mobile,2024-02-01,2024-03-01T08:00:00Z");
        f.Csv("users", d2, Users, "u1,a@x.com,Ann,1,US,CA,premium,mobile,2024-02-01,2024-03-02T08:00:00Z", "u1,a@x.com,Ann,1,US,CA,premium,mobile,2024-02-01,2024-03-02T12:00:00Z");
        f.Csv("users", d3, Users, "u1,a@x.com,Ann,1,US,CA,vip,mobile,2024-02-01,2024-03-03T08:00:00Z");
        f.Csv("products", d1, Products, "p1,Mug,home,mugs,Acme,10.00,true,2024-03-01T00:00:00Z");
        f.Csv("products", d2, Products, "p1,Mug,kitchen,mugs,Acme,12.00,true,2024-03-02T12:00:00Z");
        f.Json("orders", d1, Order("o1", "completed", "2024-03-01T10:00:00Z", "2024-03-01T10:00:00Z", "s0", "[{\"product_id\":\"p1\",\"quantity\":2,\"unit_price\":10.00,\"discount\":1.00}]", "2.00", "5.00"));
        f.Json("orders", d2,
            Order("o2", "pending", "2024-03-02T13:00:00Z", "2024-03-02T13:00:00Z", "s2", "[{\"product_id\":\"p1\",\"quantity\":1,\"unit_price\":12.00}]", "1.20", "0"),
            Order("o2", "completed", "2024-03-02T13:00:00Z", "2024-03-02T13:05:00Z", "s2", "[{\"product_id\":\"p1\",\"quantity\":1,\"unit_price\":12.00}]", "1.20", "0"));
        var three = "[" + string.Join(",", Enumerable.Repeat("{\"product_id\":\"p1\",\"quantity\":1,\"unit_price\":10.00}", 3)) + "]";
        f.Json("orders", d3,
            Order("o3", "completed", "2024-03-03T09:00:00Z", "2024-03-03T09:00:00Z", null, "[{\"product_id\":\"p1\",\"quantity\":1,\"unit_price\":12.00}]", "0", "0"),
            Order("o4", "completed", "2024-03-03T09:30:00Z", "2024-03-03T09:40:00Z", null, three, "1.00", "0.10"),
            Order("o3", "refunded", "2024-03-03T09:00:00Z", "2024-03-03T11:00:00Z", null, "[{\"product_id\":\"p1\",\"quantity\":1,\"unit_price\":12.00}]", "0", "0"));
        f.Json("events", d1,
            SilverBuildTests.Event("e1", "s1", "page_view", "2024-03-01T23:58:00Z"),
            SilverBuildTests.Event("e2", "s1", "add_to_cart", "2024-03-01T23:59:00Z"));
        f.Json("events", d2,
            SilverBuildTests.Event("e3", "s1", "purchase", "2024-03-02T00:03:00Z"),
            SilverBuildTests.Event("e4", "s2", "page_view", "2024-03-02T12:00:00Z"));
        f.Json("events", d3,
            SilverBuildTests.Event("e5", "s3", "page_view", "2024-03-03T10:00:00Z", user: null),
            SilverBuildTests.Event("e6", "s3", "search", "2024-03-03T10:01:00Z", user: "u2"));
        f.Csv("transactions", d2, "transaction_id,session_id,user_id,amount,currency,transaction_timestamp", "t1,s1,u1,10.50,USD,2024-03-02T00:04:00Z");
    }

    public static List<string> Rows(BronzeFixture f, string sql)
    {
        var rows = new List<string>();
        using var reader = f.Warehouse.Reader(sql);
        while (reader.Read())
        {
            rows.Add(reader.IsDBNull(0) ? "NULL" : reader.GetValue(0).ToString()!);
        }

        return rows;
    }

    private static string Order(string id, string status, string created, string updated, string? session, string items, string tax, string shipping) =>
        $$"""{"order_id":"{{id}}","user_id":"u1","session_id":{{(session is null ? "null" : "\"" + session + "\"")}},"status":"{{status}}","currency":"USD","items":{{items}},"shipping":{{shipping}},"tax":{{tax}},"payment_method":"card","created_at":"{{created}}","updated_at":"{{updated}}"}""";
}
